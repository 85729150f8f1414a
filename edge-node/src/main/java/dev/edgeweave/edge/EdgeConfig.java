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
 * @param tls             the HTTPS listener (HTTP/1.1 and h2 by ALPN), or {@code null} for none
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
        int maxRequestBody,
        Tls tls) {

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
                0, Timeouts.DEFAULTS, 16 << 10, 8 << 10, 16 << 20, null);
    }

    public EdgeConfig withAdmin(InetSocketAddress admin) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    public EdgeConfig withCache(long mem, long disk, int slice) {
        return new EdgeConfig(listen, admin, cacheDir, mem, disk, slice, origin, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    /** Tracker mode has no single origin: pass null. */
    public EdgeConfig withOrigin(URI o) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, o, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    public EdgeConfig withTimeouts(Timeouts t) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                ioThreads, t, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    public EdgeConfig withNodeName(String name) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, name,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    public EdgeConfig withIoThreads(int n) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                n, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, tls);
    }

    /** Adds (or, with {@code null}, removes) the HTTPS listener. */
    public EdgeConfig withTls(Tls t) {
        return new EdgeConfig(listen, admin, cacheDir, memCache, diskCache, sliceSize, origin, nodeName,
                ioThreads, timeouts, maxHeaderBytes, maxUriBytes, maxRequestBody, t);
    }

    /**
     * The HTTPS listener ({@code --tls-listen}, {@code --cert}/{@code --key}, {@code --cert-dir},
     * {@code --tls-provider}). Certificates are chosen by SNI among the default pair and the directory's
     * pairs (see {@code dev.edgeweave.edge.tls.TlsCertificates}); files are re-checked every
     * {@code reloadInterval} and changed ones served without a restart.
     *
     * @param listen          HTTPS listen address (port 0 picks one; read it back from the node)
     * @param cert            default certificate chain (PEM, leaf first), or {@code null} with a {@code certDir}
     * @param key             its private key (PEM: PKCS#8, EC or RSA), given exactly when {@code cert} is
     * @param certDir         directory of per-hostname PEM pairs, or {@code null}
     * @param provider        TLS implementation (default openssl)
     * @param reloadInterval  how often certificate files are checked for changes
     */
    public record Tls(InetSocketAddress listen, Path cert, Path key, Path certDir,
                      dev.edgeweave.edge.tls.TlsProvider provider, Duration reloadInterval) {

        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(5);

        public Tls {
            Objects.requireNonNull(listen, "tls.listen: null (expected: HOST:PORT)");
            if ((cert == null) != (key == null)) {
                throw new IllegalArgumentException(cert == null
                        ? "tls.cert: missing while tls.key is " + key + " (expected: both --cert and --key, or neither)"
                        : "tls.key: missing while tls.cert is " + cert + " (expected: both --cert and --key, or neither)");
            }
            if (cert == null && certDir == null) {
                throw new IllegalArgumentException(
                        "tls: no certificate (expected: --cert PEM --key PEM, or --cert-dir DIR, or both)");
            }
            Objects.requireNonNull(provider, "tls.provider: null (expected: openssl, conscrypt or jdk)");
            if (reloadInterval == null || reloadInterval.isNegative() || reloadInterval.isZero()) {
                throw new IllegalArgumentException("tls.reloadInterval: " + reloadInterval
                        + " (expected: a positive duration)");
            }
        }

        /** One default certificate, the openssl provider, files checked every 5 s. */
        public static Tls of(InetSocketAddress listen, Path cert, Path key) {
            return new Tls(listen, cert, key, null, dev.edgeweave.edge.tls.TlsProvider.OPENSSL, DEFAULT_RELOAD_INTERVAL);
        }

        public Tls withCertDir(Path dir) {
            return new Tls(listen, cert, key, dir, provider, reloadInterval);
        }

        public Tls withProvider(dev.edgeweave.edge.tls.TlsProvider p) {
            return new Tls(listen, cert, key, certDir, p, reloadInterval);
        }

        public Tls withReloadInterval(Duration d) {
            return new Tls(listen, cert, key, certDir, provider, d);
        }
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
