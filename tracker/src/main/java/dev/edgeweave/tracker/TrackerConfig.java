package dev.edgeweave.tracker;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a {@link Tracker} needs, validated once. Build with {@link #of} and the {@code with…}
 * copies; the compact constructor rejects bad values with a message naming the field, the value and
 * what was expected, e.g. {@code "heartbeatTimeout: 0 ms (expected: > 0)"}.
 *
 * @param apiBind           HTTP API listen address (port 0: any free port)
 * @param dnsBind           DNS listen address, UDP and TCP (port 0: any free port)
 * @param zone              zone the tracker is authoritative for, e.g. {@code cdn.test} (stored lowercase,
 *                          without a trailing dot)
 * @param dataDir           data directory (the SQLite file lives here unless {@code jdbcUrl} is set)
 * @param coverageFile      coverage file ({@code CIDR REGION LAT LON} lines), or null for none
 * @param jdbcUrl           {@code jdbc:postgresql://…} for replicas sharing one database, or null for
 *                          {@code jdbc:sqlite:DATA/tracker.db}
 * @param heartbeatInterval how often nodes are told to heartbeat (default 2 s; whole seconds, below the timeout)
 * @param heartbeatTimeout  a node silent for longer is unhealthy and leaves DNS answers (default 10 s)
 * @param probeInterval     how often each node's {@code <admin>/health} is probed (default 2 s)
 * @param probeTimeout      connect and answer timeout of one probe (default 1 s)
 * @param ttl               TTL of steering answers (default 20 s; whole seconds, 1 s–1 day)
 * @param epochLength       length of a reward epoch (default 1 h; devnet uses seconds)
 */
public record TrackerConfig(InetSocketAddress apiBind, InetSocketAddress dnsBind, String zone, Path dataDir,
                            Path coverageFile, String jdbcUrl, Duration heartbeatInterval, Duration heartbeatTimeout,
                            Duration probeInterval, Duration probeTimeout, Duration ttl, Duration epochLength) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_EPOCH_LENGTH = Duration.ofHours(1);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public TrackerConfig {
        address("apiBind", apiBind);
        address("dnsBind", dnsBind);
        zone = zone(zone);
        Objects.requireNonNull(dataDir, "dataDir");
        if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("jdbcUrl: '" + jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***")
                    + "' (expected: jdbc:postgresql://HOST/DB or jdbc:sqlite:FILE)");
        }
        positive("heartbeatInterval", heartbeatInterval);
        positive("heartbeatTimeout", heartbeatTimeout);
        positive("probeInterval", probeInterval);
        positive("probeTimeout", probeTimeout);
        positive("ttl", ttl);
        positive("epochLength", epochLength);
        if (heartbeatInterval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("heartbeatInterval: " + heartbeatInterval.toMillis()
                    + " ms (expected: whole seconds)");
        }
        if (heartbeatInterval.compareTo(heartbeatTimeout) >= 0) {
            throw new IllegalArgumentException("heartbeatInterval: " + heartbeatInterval.toMillis()
                    + " ms (expected: < heartbeatTimeout " + heartbeatTimeout.toMillis() + " ms)");
        }
        if (ttl.toMillis() % 1000 != 0 || ttl.toSeconds() > 86_400) {
            throw new IllegalArgumentException("ttl: " + ttl.toMillis() + " ms (expected: whole seconds, 1-86400 s)");
        }
        if (epochLength.toMillis() < 1000) {
            throw new IllegalArgumentException("epochLength: " + epochLength.toMillis() + " ms (expected: >= 1000 ms)");
        }
    }

    /** Defaults for everything but the addresses, zone and data directory. */
    public static TrackerConfig of(InetSocketAddress apiBind, InetSocketAddress dnsBind, String zone, Path dataDir) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, null, null, DEFAULT_HEARTBEAT_INTERVAL,
                DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_PROBE_INTERVAL, DEFAULT_PROBE_TIMEOUT, DEFAULT_TTL,
                DEFAULT_EPOCH_LENGTH);
    }

    /** The JDBC URL in use: {@link #jdbcUrl()} or {@code jdbc:sqlite:DATA/tracker.db}. */
    public String effectiveJdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("tracker.db");
    }

    public TrackerConfig withCoverageFile(Path file) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, file, jdbcUrl, heartbeatInterval, heartbeatTimeout,
                probeInterval, probeTimeout, ttl, epochLength);
    }

    public TrackerConfig withJdbcUrl(String url) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, coverageFile, url, heartbeatInterval,
                heartbeatTimeout, probeInterval, probeTimeout, ttl, epochLength);
    }

    /** Heartbeat interval and timeout together (the interval must stay below the timeout). */
    public TrackerConfig withHeartbeat(Duration interval, Duration timeout) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, coverageFile, jdbcUrl, interval, timeout,
                probeInterval, probeTimeout, ttl, epochLength);
    }

    /** Probe interval and timeout together. */
    public TrackerConfig withProbe(Duration interval, Duration timeout) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, coverageFile, jdbcUrl, heartbeatInterval,
                heartbeatTimeout, interval, timeout, ttl, epochLength);
    }

    public TrackerConfig withTtl(Duration newTtl) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, coverageFile, jdbcUrl, heartbeatInterval,
                heartbeatTimeout, probeInterval, probeTimeout, newTtl, epochLength);
    }

    public TrackerConfig withEpochLength(Duration length) {
        return new TrackerConfig(apiBind, dnsBind, zone, dataDir, coverageFile, jdbcUrl, heartbeatInterval,
                heartbeatTimeout, probeInterval, probeTimeout, ttl, length);
    }

    private static void address(String field, InetSocketAddress a) {
        Objects.requireNonNull(a, field);
        if (a.isUnresolved()) {
            throw new IllegalArgumentException(field + ": " + a.getHostString() + ":" + a.getPort()
                    + " (expected: an IP address and port, e.g. 127.0.0.1:8053)");
        }
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d.toMillis() + " ms (expected: > 0)");
        }
    }

    private static String zone(String zone) {
        Objects.requireNonNull(zone, "zone");
        String z = zone.trim().toLowerCase(Locale.ROOT);
        if (z.endsWith(".")) {
            z = z.substring(0, z.length() - 1);
        }
        boolean ok = !z.isEmpty() && z.length() <= 200;
        for (String label : z.split("\\.", -1)) {
            ok &= LABEL.matcher(label).matches();
        }
        if (!ok) {
            throw new IllegalArgumentException("zone: '" + zone + "' (expected: a DNS name like cdn.example.com,"
                    + " labels of a-z, 0-9 and '-')");
        }
        return z;
    }
}
