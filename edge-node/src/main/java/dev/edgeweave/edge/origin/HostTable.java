package dev.edgeweave.edge.origin;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The hostname → origin table the node follows. Standalone mode has one route for every Host; tracker
 * mode replaces the table whenever the tracker's publisher list changes. Reads are lock-free: the table
 * is swapped as a whole.
 */
public final class HostTable {

    private volatile Map<String, OriginRoute> routes = Map.of();
    private volatile OriginRoute wildcard;
    private volatile long version = -1;

    /** A table that sends every Host to {@code route}'s origin (standalone caching proxy). */
    public static HostTable everyHost(OriginRoute route) {
        HostTable t = new HostTable();
        t.wildcard = route;
        t.version = 0;
        return t;
    }

    /** Replaces the table (tracker mode). */
    public void replace(Collection<OriginRoute> newRoutes, long newVersion) {
        routes = newRoutes.stream().collect(Collectors.toUnmodifiableMap(
                r -> r.host().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> b));
        version = newVersion;
    }

    public long version() {
        return version;
    }

    public int size() {
        return wildcard != null ? 1 : routes.size();
    }

    public Collection<OriginRoute> routes() {
        return wildcard != null ? java.util.List.of(wildcard) : routes.values();
    }

    /** The route for a Host header value (port and trailing dot ignored, case-insensitive). */
    public Optional<OriginRoute> route(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        OriginRoute w = wildcard;
        if (w != null) {
            return Optional.of(w);
        }
        return Optional.ofNullable(routes.get(normalize(hostHeader)));
    }

    /** Lowercase host without port or trailing dot; IPv6 literals keep their brackets. */
    public static String normalize(String hostHeader) {
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(0, end + 1) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            h = h.substring(0, colon);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
