package dev.edgeweave.deploy;

import dev.edgeweave.tracker.Tracker;
import dev.edgeweave.tracker.TrackerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave tracker}: DNS steering, node and publisher registry, HTTP API. */
@Command(name = "tracker", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a tracker: authoritative DNS for the zone, node/publisher registry, steering API.")
final class TrackerCommand implements Callable<Integer> {

    @Option(names = "--api", required = true, paramLabel = "HOST:PORT", description = "HTTP API address")
    String api;

    @Option(names = "--dns", required = true, paramLabel = "HOST:PORT", description = "DNS address (UDP and TCP)")
    String dns;

    @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "zone served, e.g. cdn.example.net")
    String zone;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "state directory (SQLite file)")
    Path data;

    @Option(names = "--coverage", paramLabel = "FILE", description = "coverage file: CIDR REGION LAT LON per line")
    Path coverage;

    @Option(names = "--db", paramLabel = "JDBC-URL", description = "shared PostgreSQL for replicas (default: SQLite in --data)")
    String db;

    @Option(names = "--ttl", defaultValue = "20", paramLabel = "SECONDS", description = "TTL of steering answers (default ${DEFAULT-VALUE})")
    long ttl;

    @Option(names = "--epoch", defaultValue = "3600", paramLabel = "SECONDS", description = "reward epoch length (default ${DEFAULT-VALUE})")
    long epoch;

    @Option(names = "--config", paramLabel = "FILE", description = "options from a properties file (flags override)")
    Path config;

    @Override
    public Integer call() throws Exception {
        TrackerConfig cfg = TrackerConfig.of(HostPorts.parse("--api", api), HostPorts.parse("--dns", dns), zone, data)
                .withTtl(Duration.ofSeconds(ttl)).withEpochLength(Duration.ofSeconds(epoch));
        if (coverage != null) {
            cfg = cfg.withCoverageFile(coverage);
        }
        if (db != null) {
            cfg = cfg.withJdbcUrl(db);
        }
        java.nio.file.Files.createDirectories(data);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Tracker tracker = new Tracker(cfg, Clock.systemUTC(), registry);
        tracker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            tracker.close();
            stopped.countDown();
        }, "tracker-shutdown"));
        stopped.await();
        return 0;
    }
}
