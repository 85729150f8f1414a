package dev.edgeweave.deploy;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.proof.crypto.KeyFiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave edge}: run an edge node (standalone caching proxy, or joined to a tracker). */
@Command(name = "edge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an edge node: a caching reverse proxy serving from memory and disk.",
                "Standalone: --origin URL. In the network: --tracker URL --key FILE (and --admin)."})
final class EdgeCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "viewer HTTP address")
    String listen;

    @Option(names = "--cache-dir", required = true, paramLabel = "DIR", description = "disk tier directory")
    Path cacheDir;

    @Option(names = "--mem-cache", defaultValue = "256m", paramLabel = "SIZE", description = "memory tier (default ${DEFAULT-VALUE})")
    String memCache;

    @Option(names = "--disk-cache", defaultValue = "10g", paramLabel = "SIZE", description = "disk tier (default ${DEFAULT-VALUE})")
    String diskCache;

    @Option(names = "--slice", defaultValue = "1m", paramLabel = "SIZE", description = "slice size of large objects (default ${DEFAULT-VALUE})")
    String slice;

    @Option(names = "--admin", paramLabel = "HOST:PORT", description = "admin address: /health, /metrics, /status")
    String admin;

    @Option(names = "--origin", paramLabel = "URL", description = "standalone mode: origin for every Host")
    URI origin;

    @Option(names = "--tracker", paramLabel = "URL", description = "tracker API to join, e.g. http://127.0.0.1:7000")
    URI tracker;

    @Option(names = "--key", paramLabel = "FILE", description = "node key file (edgeweave keygen --out FILE)")
    Path key;

    @Option(names = "--region", paramLabel = "NAME", description = "region in the tracker's coverage (default: located by address)")
    String region;

    @Option(names = "--max-mbps", defaultValue = "1000", paramLabel = "N", description = "bandwidth you offer, Mbit/s (default ${DEFAULT-VALUE})")
    long maxMbps;

    @Option(names = "--tls-listen", paramLabel = "HOST:PORT", description = "HTTPS address (HTTP/2 and HTTP/1.1 by ALPN)")
    String tlsListen;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "default certificate chain (with --tls-key)")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "private key of --tls-cert")
    Path tlsKey;

    @Option(names = "--tls-cert-dir", paramLabel = "DIR", description = "PEM pairs chosen by SNI, reloaded when files change")
    Path tlsCertDir;

    @Option(names = "--tls-provider", defaultValue = "openssl", paramLabel = "P",
            description = "openssl (BoringSSL, default), conscrypt or jdk")
    String tlsProvider;

    @Option(names = "--name", defaultValue = "edgeweave", description = "node name in Via and Cache-Status")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "options from a properties file (flags override)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if ((origin == null) == (tracker == null)) {
            throw new Main.UsageError(origin == null
                    ? "--origin or --tracker: missing (expected: --origin URL for a standalone node, or --tracker URL --key FILE to join a network)"
                    : "--origin and --tracker: both given (expected: one of them)");
        }
        if (tracker != null && key == null) {
            throw new Main.UsageError("--key: missing (expected: a node key file; create one with: edgeweave keygen --out node.key)");
        }
        if (maxMbps < 1) {
            throw new Main.UsageError("--max-mbps: " + maxMbps + " (expected: >= 1)");
        }
        URI o = origin != null ? origin : URI.create("http://unused.invalid");
        EdgeConfig cfg = EdgeConfig.standalone(HostPorts.parse("--listen", listen), cacheDir, o)
                .withCache(Sizes.parse("--mem-cache", memCache), Sizes.parse("--disk-cache", diskCache),
                        (int) Math.min(Integer.MAX_VALUE, Sizes.parse("--slice", slice)))
                .withNodeName(name);
        if (tracker != null) {
            cfg = cfg.withOrigin(null);
        }
        if (admin != null) {
            cfg = cfg.withAdmin(HostPorts.parse("--admin", admin));
        }
        if (tlsListen != null) {
            cfg = cfg.withTls(new EdgeConfig.Tls(HostPorts.parse("--tls-listen", tlsListen), tlsCert, tlsKey,
                    tlsCertDir, dev.edgeweave.edge.tls.TlsProvider.parse(tlsProvider),
                    EdgeConfig.Tls.DEFAULT_RELOAD_INTERVAL));
        } else if (tlsCert != null || tlsKey != null || tlsCertDir != null) {
            throw new Main.UsageError("--tls-listen: missing (expected: HOST:PORT when --tls-cert, --tls-key or "
                    + "--tls-cert-dir is given)");
        }
        EdgeLauncher launcher = tracker != null
                ? EdgeLauncher.withTracker(cfg, tracker, KeyFiles.read(key), region, maxMbps)
                : EdgeLauncher.standalone(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.close();
            stopped.countDown();
        }, "edge-shutdown"));
        stopped.await();
        return 0;
    }
}
