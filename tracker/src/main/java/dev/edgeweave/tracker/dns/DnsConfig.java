package dev.edgeweave.tracker.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the authoritative DNS server.
 *
 * @param bind           UDP and TCP listen address; port 0 picks one ephemeral port for both
 * @param zone           the zone served, e.g. {@code "cdn.test"} (lowercase, no trailing dot)
 * @param ttlSeconds     TTL of steering A/AAAA answers, and the SOA minimum (negative-caching TTL); 1..86400
 * @param nsHost         name of the zone's name server, default {@code ns1.ZONE}
 * @param adminEmail     SOA RNAME in mailbox form ({@code hostmaster@cdn.test}) or DNS form
 *                       ({@code hostmaster.cdn.test}); default {@code hostmaster.ZONE}
 * @param nsAddresses    glue A/AAAA for {@code nsHost} when it is inside the zone; empty = the bind
 *                       address (none when binding a wildcard address; set the public address then)
 * @param tcpIdleTimeout a TCP connection with no query for this long is closed; > 0
 * @param ednsPayload    UDP payload size the server advertises in EDNS0 and its ceiling for UDP answers;
 *                       512..4096 (default 1232, the DNS flag day 2020 value)
 * @param threads        event-loop threads; with epoll each gets its own UDP socket (SO_REUSEPORT); 1..256
 * @param transport      {@link DnsTransport#AUTO} (epoll when available, else NIO) or a forced one
 * @param maxTcpConnections TCP connections open at once; further ones are closed at accept; 1..1000000
 */
public record DnsConfig(InetSocketAddress bind, String zone, int ttlSeconds, String nsHost, String adminEmail,
                        List<InetAddress> nsAddresses, Duration tcpIdleTimeout, int ednsPayload, int threads,
                        DnsTransport transport, int maxTcpConnections) {

    /** Default TTL of answers, seconds. */
    public static final int DEFAULT_TTL_SECONDS = 20;
    /** Default advertised EDNS0 payload size. */
    public static final int DEFAULT_EDNS_PAYLOAD = 1232;
    /** Default limit of concurrent TCP connections. */
    public static final int DEFAULT_MAX_TCP_CONNECTIONS = 1024;
    /** Default TCP idle timeout. */
    public static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(10);

    /** Validates and normalizes; messages name the field, the value and what was expected. */
    public DnsConfig {
        Objects.requireNonNull(bind, "bind");
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("bind: " + bind + " (expected: a resolved address, e.g. 127.0.0.1:5353)");
        }
        zone = name("zone", zone);
        if (ttlSeconds < 1 || ttlSeconds > 86_400) {
            throw new IllegalArgumentException("ttlSeconds: " + ttlSeconds + " (expected: 1-86400)");
        }
        nsHost = nsHost == null ? "ns1." + zone : name("nsHost", nsHost);
        adminEmail = adminEmail == null ? "hostmaster." + zone : mailbox(adminEmail);
        nsAddresses = List.copyOf(Objects.requireNonNull(nsAddresses, "nsAddresses"));
        Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
        if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
            throw new IllegalArgumentException("tcpIdleTimeout: " + tcpIdleTimeout + " (expected: > 0)");
        }
        if (ednsPayload < 512 || ednsPayload > 4096) {
            throw new IllegalArgumentException("ednsPayload: " + ednsPayload + " (expected: 512-4096)");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1-256)");
        }
        Objects.requireNonNull(transport, "transport");
        if (maxTcpConnections < 1 || maxTcpConnections > 1_000_000) {
            throw new IllegalArgumentException("maxTcpConnections: " + maxTcpConnections + " (expected: 1-1000000)");
        }
    }

    /** Defaults for everything but the bind address and zone. */
    public static DnsConfig of(InetSocketAddress bind, String zone) {
        return new DnsConfig(bind, zone, DEFAULT_TTL_SECONDS, null, null, List.of(), DEFAULT_TCP_IDLE,
                DEFAULT_EDNS_PAYLOAD, 1, DnsTransport.AUTO,
                DEFAULT_MAX_TCP_CONNECTIONS);
    }

    /** A copy with another answer TTL. */
    public DnsConfig withTtlSeconds(int ttl) {
        return new DnsConfig(bind, zone, ttl, nsHost, adminEmail, nsAddresses, tcpIdleTimeout, ednsPayload, threads,
                transport, maxTcpConnections);
    }

    /** A copy with explicit glue addresses for the name server. */
    public DnsConfig withNsAddresses(List<InetAddress> addresses) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, addresses, tcpIdleTimeout, ednsPayload,
                threads, transport, maxTcpConnections);
    }

    /** A copy with another TCP idle timeout. */
    public DnsConfig withTcpIdleTimeout(Duration idle) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, nsAddresses, idle, ednsPayload, threads,
                transport, maxTcpConnections);
    }

    /** A copy with another number of event-loop threads. */
    public DnsConfig withThreads(int n) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, nsAddresses, tcpIdleTimeout, ednsPayload, n,
                transport, maxTcpConnections);
    }

    /** A copy with another EDNS0 payload size. */
    public DnsConfig withEdnsPayload(int payload) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, nsAddresses, tcpIdleTimeout, payload, threads,
                transport, maxTcpConnections);
    }

    /** A copy with another transport. */
    public DnsConfig withTransport(DnsTransport t) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, nsAddresses, tcpIdleTimeout, ednsPayload,
                threads, t, maxTcpConnections);
    }

    /** A copy with another limit of concurrent TCP connections. */
    public DnsConfig withMaxTcpConnections(int max) {
        return new DnsConfig(bind, zone, ttlSeconds, nsHost, adminEmail, nsAddresses, tcpIdleTimeout, ednsPayload,
                threads, transport, max);
    }

    private static String mailbox(String email) {
        String e = email.trim();
        int at = e.indexOf('@');
        if (at >= 0) {
            String local = e.substring(0, at);
            if (local.isEmpty() || local.contains(".") || at == e.length() - 1) {
                throw new IllegalArgumentException("adminEmail: '" + email
                        + "' (expected: local@domain without dots in the local part, or DNS form local.domain)");
            }
            e = local + "." + e.substring(at + 1);
        }
        return name("adminEmail", e);
    }

    private static String name(String field, String value) {
        Objects.requireNonNull(value, field);
        String n = value.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 253 || n.startsWith(".") || n.contains("..")) {
            throw new IllegalArgumentException(field + ": '" + value + "' (expected: a DNS name like cdn.test)");
        }
        for (String label : n.split("\\.")) {
            if (label.length() > 63) {
                throw new IllegalArgumentException(field + ": '" + value + "' has a label over 63 characters");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                    throw new IllegalArgumentException(field + ": '" + value
                            + "' (expected: letters, digits, '-' or '_' in labels; found '" + c + "')");
                }
            }
        }
        return n;
    }
}
