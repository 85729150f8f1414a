package dev.edgeweave.edge.origin;

import java.net.URI;
import java.util.Objects;

/**
 * Where a hostname's misses go: the publisher's origin. The edge never fetches from an address the
 * publisher did not name.
 *
 * @param host               the public hostname viewers ask for (lowercase, no port)
 * @param origin             the origin base URL (http or https; path prefix allowed)
 * @param allowUnsafeMethods whether POST, PUT, DELETE… pass through (otherwise 405)
 */
public record OriginRoute(String host, URI origin, boolean allowUnsafeMethods) {
    public OriginRoute {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(origin, "origin");
        String scheme = origin.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || origin.getHost() == null) {
            throw new IllegalArgumentException("origin: " + origin + " (expected: http:// or https:// URL)");
        }
    }

    public boolean tls() {
        return "https".equals(origin.getScheme());
    }

    public int port() {
        return origin.getPort() > 0 ? origin.getPort() : tls() ? 443 : 80;
    }

    /** Host header value the origin expects. */
    public String originAuthority() {
        return origin.getPort() > 0 ? origin.getHost() + ":" + origin.getPort() : origin.getHost();
    }

    /** The request-target to send to the origin for a viewer's {@code uri} (path and query). */
    public String originTarget(String uri) {
        String base = origin.getRawPath();
        if (base == null || base.isEmpty() || "/".equals(base)) {
            return uri;
        }
        return base.endsWith("/") ? base + uri.substring(1) : base + uri;
    }
}
