package dev.edgeweave.tracker.registry;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A node URL reduced to what DNS answers and redirects need: scheme, IP address, port.
 *
 * @param scheme  {@code http} or {@code https}
 * @param address an IP literal's address (never a resolved name)
 * @param port    1–65535 (the scheme's default when the URL had none)
 */
public record NodeEndpoint(String scheme, InetAddress address, int port) {

    public NodeEndpoint {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(address, "address");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    /** Host as it appears in a URL: IPv6 in brackets. */
    public String urlHost() {
        String h = address.getHostAddress();
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        return address instanceof Inet6Address ? "[" + h + "]" : h;
    }

    /** {@code scheme://host:port} without a trailing slash. */
    public String base() {
        return scheme + "://" + urlHost() + ":" + port;
    }
}
