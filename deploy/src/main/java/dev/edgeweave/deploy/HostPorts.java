package dev.edgeweave.deploy;

import java.net.InetSocketAddress;

/** Parses {@code HOST:PORT} and {@code [v6]:PORT} listen addresses, naming the option on error. */
final class HostPorts {
    private HostPorts() {}

    static InetSocketAddress parse(String option, String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        String fix = " (expected: HOST:PORT such as 127.0.0.1:8080 or [::1]:8080; port 0 picks a free one)";
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(option + ": '" + text + "' has no port" + fix);
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException(option + ": '" + text + "' IPv6 addresses need brackets" + fix);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' port is not a number" + fix);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + ": '" + text + "' port out of range 0-65535" + fix);
        }
        return new InetSocketAddress(host, port);
    }
}
