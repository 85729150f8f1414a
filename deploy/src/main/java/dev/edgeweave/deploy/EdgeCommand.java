package dev.edgeweave.deploy;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave edge}: run an edge node (standalone caching proxy, or joined to a tracker). */
@Command(name = "edge", mixinStandardHelpOptions = true,
        description = "Run an edge node: a caching reverse proxy serving from memory and disk.")
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

    @Option(names = "--name", defaultValue = "edgeweave", description = "node name in Via and Cache-Status")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "options from a properties file (flags override)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (origin == null) {
            throw new Main.UsageError("--origin: missing (expected: --origin URL for a standalone node; "
                    + "--tracker mode is not available yet)");
        }
        EdgeConfig cfg = EdgeConfig.standalone(HostPorts.parse("--listen", listen), cacheDir, origin)
                .withCache(Sizes.parse("--mem-cache", memCache), Sizes.parse("--disk-cache", diskCache),
                        (int) Math.min(Integer.MAX_VALUE, Sizes.parse("--slice", slice)))
                .withNodeName(name);
        if (admin != null) {
            cfg = cfg.withAdmin(HostPorts.parse("--admin", admin));
        }
        EdgeNode node = EdgeNode.start(cfg, EdgeNode.standaloneHosts(cfg), Clock.systemUTC(), null, null);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.drain("shutting down");
            node.close();
            stopped.countDown();
        }, "edge-shutdown"));
        stopped.await();
        return 0;
    }
}
