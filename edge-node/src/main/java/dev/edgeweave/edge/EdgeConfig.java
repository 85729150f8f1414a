package dev.edgeweave.edge;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an edge node needs to start, validated once. Messages name the field, the value and what
 * was expected, so a CLI or config-file mistake reads as a fix.
 *
 * @param listen          plaintext HTTP listen address (port 0 picks one; read it back from the server)
 * @param admin           admin listen address for /health, /metrics, /status, or {@code null} for none
 * @param cacheDir        directory of the disk tier
 * @param memCache        bytes of the memory tier
 * @param diskCache       bytes of the disk tier
 * @param sliceSize       bytes per stored slice of large objects
 * @param origin          standalone mode: the origin for every Host, or {@code null} in tracker mode
 * @param nodeName        name used in Via and Cache-Status
 * @param ioThreads       event-loop threads (0 = number of cores)
 * @param timeouts        origin and viewer timeouts
 * @param maxHeaderBytes  limit of a request's header section (431 above)
 * @param maxUriBytes     limit of the request line (414 above)
 * @param maxRequestBody  limit of a pass-through request body buffered for the origin (413 above)
 */
public record EdgeConfig(
        InetSocketAddress listen,
        InetSocketAddress admin,
        Path cacheDir,
        long memCache,
        long diskCache,
        int sliceSize,
        URI origin,
        String nodeName,
        int ioThreads,
        Timeouts timeouts,
        int maxHeaderBytes,
        int maxUriBytes,
        int maxRequestBody) {

    public EdgeConfig {
        Objects.requireNonNull(listen, "listen: null (expected: HOST:PORT)");
        Objects.requireNonNull(cacheDir, "cacheDir: null (expected: a directory)");
        Objects.requireNonNull(timeouts, "timeouts");
        if (memCache < 0) {
            throw new IllegalArgumentException("memCache: " + memCache + " (expected: >= 0 bytes)");
        }
        if (diskCache <= 0) {
            throw new IllegalArgumentException("diskCache: " + diskCache + " (expected: > 0 bytes)");
        }
        if (sliceSize < 4096 || sliceSize > 64 << 20) {
            throw new IllegalArgumentException("sliceSize: " + sliceSize + " (expected: 4 KiB to 64 MiB)");
        }
        if (origin != null) {
            String scheme = origin.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || origin.getHost() == null) {
                throw new IllegalArgumentException(
                        "origin: " + origin + " (expected: an http:// or https:// URL with a host)");
            }
        }
        if (nodeName == null || nodeName.isBlank() || !nodeName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException(
                    "nodeName: " + nodeName + " (expected: 1-64 of letters, digits, '.', '_', '-')");
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes: " + maxHeaderBytes + " (expected: >= 1024)");
        }
        if (maxUriBytes < 256) {
            throw new IllegalArgumentException("maxUriBytes: " + maxUriBytes + " (expected: >= 256)");
        }
        if (maxRequestBody < 0) {
            throw new IllegalArgumentException("maxRequestBody: " + maxRequestBody + " (expected: >= 0)");
        }
    }

    /** A standalone caching proxy for {@code origin} with the defaults a node operator gets. */
    public static EdgeConfig standalone(InetSocketAddress listen, Path cacheDir, URI origin) {
        return new EdgeConfig(listen, null, cacheDir, 256L << 20, 10L << 30, 1 << 20, origin, "edgeweave",
                0, Timeouts.DEFAULTS, 16 << 10, 8 << 10, 16 << 20);
    }

    public EdgeConfig withAdmin(InetSocketAddress admin) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    public EdgeConfig withCache(long mem, long disk, int slice) {
        return new EdgeConfig(listen, admin, cacheDir, mem, disk, slice, origin, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    /** Tracker mode has no single origin: pass null. */
    public EdgeConfig withOrigin(URI o) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, o, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    public EdgeConfig withTimeouts(Timeouts t) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                ioThreads, t, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    public EdgeConfig withNodeName(String name) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, name,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    public EdgeConfig withIoThreads(int n) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                n, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody);
    }

    /**
     * @param originConnect    TCP connect to the origin
     * @param originFirstByte  from request sent to the response head
     * @param originIdle       between two reads of a response body
     * @param viewerHeader     a viewer must finish its request head within this
     * @param viewerIdle       an idle keep-alive connection is closed after this
     */
    public record Timeouts(Duration originConnect, Duration originFirstByte, Duration originIdle,
                           Duration viewerHeader, Duration viewerIdle) {
        public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60));

        public Timeouts {
            check("originConnect", originConnect);
            check("originFirstByte", originFirstByte);
            check("originIdle", originIdle);
            check("viewerHeader", viewerHeader);
            check("viewerIdle", viewerIdle);
        }

        private static void check(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": " + d + " (expected: a positive duration)");
            }
        }
    }
}
