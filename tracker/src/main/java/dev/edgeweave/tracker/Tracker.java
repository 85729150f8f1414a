package dev.edgeweave.tracker;

import dev.edgeweave.tracker.api.ApiContext;
import dev.edgeweave.tracker.api.ApiServer;
import dev.edgeweave.tracker.claims.ClaimService;
import dev.edgeweave.tracker.claims.RewardsConfig;
import dev.edgeweave.tracker.dns.DnsConfig;
import dev.edgeweave.tracker.dns.DnsServer;
import dev.edgeweave.tracker.registry.HealthPolicy;
import dev.edgeweave.tracker.registry.HttpHealthProbe;
import dev.edgeweave.tracker.registry.NodeRegistry;
import dev.edgeweave.tracker.registry.Nonces;
import dev.edgeweave.tracker.registry.PublisherRegistry;
import dev.edgeweave.tracker.registry.RegistryMetrics;
import dev.edgeweave.tracker.registry.SteeringFeed;
import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import dev.edgeweave.tracker.store.Store;
import dev.edgeweave.tracker.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker: node and publisher registry (SQLite or PostgreSQL), health checks, DNS steering and
 * the HTTP API, wired together. No {@code main}: the CLI in {@code deploy/} builds a
 * {@link TrackerConfig} and calls {@link #start()}; {@link #close()} stops everything gracefully.
 *
 * <p>Threads it owns: the API and DNS event loops, one scheduler thread (heartbeat timeouts, probe
 * scheduling, heartbeat batches to the database, other replicas' changes), a small bounded pool for
 * database-bound API requests, and a small pool for the probes' HTTP client.
 */
public final class Tracker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Tracker.class);
    /** Database-bound API requests queued before new ones get 503. */
    static final int BLOCKING_QUEUE = 1024;
    static final long PUBLISHER_REFRESH_MILLIS = 2_000;
    static final long NONCE_PURGE_MILLIS = 60_000;

    private final TrackerConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RewardsConfig rewards;
    private ClaimService claims;

    private Store store;
    private Steering steering;
    private NodeRegistry nodes;
    private PublisherRegistry publishers;
    private Nonces nonces;
    private RegistryMetrics registryMetrics;
    private DnsServer dns;
    private ApiServer api;
    private ScheduledExecutorService scheduler;
    private ExecutorService blocking;
    private ExecutorService probeExecutor;
    private InetSocketAddress apiAddress;
    private boolean started;
    private boolean closed;

    /**
     * @param config settings
     * @param clock  time for heartbeats, timeouts, nonces and records (tests pass their own)
     * @param meters where metrics go; {@code GET /metrics} serves it when it is a Prometheus registry
     */
    public Tracker(TrackerConfig config, Clock clock, MeterRegistry meters) {
        this(config, RewardsConfig.defaults(config.epochLength()), clock, meters);
    }

    /**
     * A tracker with explicit claims, audits and rewards settings.
     *
     * @param rewards audit size and timeout, reward pool, epoch genesis and windows (epoch length: {@code config})
     * @throws IllegalArgumentException if {@code rewards} does not fit the epoch length (the message names the field)
     */
    public Tracker(TrackerConfig config, RewardsConfig rewards, Clock clock, MeterRegistry meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.rewards = Objects.requireNonNull(rewards, "rewards");
        rewards.schedule(config.epochLength());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * Opens the database, loads the registry, and starts DNS, the API and health checks.
     *
     * @throws IOException          if the data directory, coverage file or database cannot be used (the
     *                              message says which), or a port cannot be bound
     * @throws InterruptedException if interrupted while binding
     * @throws IllegalArgumentException if the coverage file is malformed (the message names the line)
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (started) {
            throw new IllegalStateException("tracker already started");
        }
        started = true;
        try {
            doStart();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void doStart() throws IOException, InterruptedException {
        Files.createDirectories(config.dataDir());
        Coverage coverage = config.coverageFile() == null ? Coverage.empty() : Coverage.parse(config.coverageFile());
        try {
            store = Store.open(config.effectiveJdbcUrl());
        } catch (StoreException e) {
            throw new IOException("database: " + e.getMessage(), e);
        }
        int ttl = (int) config.ttl().toSeconds();
        steering = new Steering(coverage, new SteeringConfig(SteeringConfig.DEFAULT_ANSWERS, ttl, config.zone()));
        SteeringFeed feed = new SteeringFeed(steering);
        registryMetrics = new RegistryMetrics(meters);

        scheduler = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("tracker-sweep", true));
        blocking = new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(BLOCKING_QUEUE),
                new DefaultThreadFactory("tracker-api-db", true));
        probeExecutor = Executors.newFixedThreadPool(2, new DefaultThreadFactory("tracker-probe", true));

        nonces = new Nonces(store, clock, new SecureRandom(), Nonces.DEFAULT_TTL, Nonces.DEFAULT_MAX_OUTSTANDING);
        HealthPolicy policy = HealthPolicy.of(config.heartbeatTimeout(), config.probeInterval());
        nodes = new NodeRegistry(store, coverage, nonces, feed, new HttpHealthProbe(probeExecutor,
                config.probeTimeout()), policy, clock, registryMetrics);
        publishers = new PublisherRegistry(store, nonces, feed, config.zone(), clock, registryMetrics);
        publishers.load();
        nodes.load();

        dns = new DnsServer(DnsConfig.of(config.dnsBind(), config.zone()).withTtlSeconds(ttl), steering, meters);
        dns.start();
        claims = ClaimService.forTracker(store, nodes, publishers, rewards, config.epochLength(), clock, meters);
        ApiContext context = new ApiContext(nodes, publishers, nonces, steering, meters,
                (int) config.heartbeatInterval().toSeconds(), (int) Math.max(1, config.heartbeatTimeout().toSeconds()),
                ttl, claims);
        api = new ApiServer(config.apiBind(), context, blocking);
        apiAddress = api.start();

        long sweep = Math.max(50, Math.min(500, Math.min(config.probeInterval().toMillis(),
                config.heartbeatTimeout().toMillis() / 4)));
        scheduler.scheduleWithFixedDelay(guard("sweep nodes", nodes::sweep), sweep, sweep, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard("refresh publishers", publishers::refresh), PUBLISHER_REFRESH_MILLIS,
                PUBLISHER_REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(guard("purge nonces", nonces::purge), NONCE_PURGE_MILLIS,
                NONCE_PURGE_MILLIS, TimeUnit.MILLISECONDS);
        // claims: void unanswered audits, settle epochs whose claim window and audit timeout are over
        long claimSweep = Math.max(100, Math.min(1_000, config.epochLength().toMillis() / 4));
        scheduler.scheduleWithFixedDelay(guard("sweep claims", claims::sweep), claimSweep, claimSweep,
                TimeUnit.MILLISECONDS);
        log.info("tracker for zone {} started: api {}, dns {}, database {}, coverage {} ({} regions)", config.zone(),
                apiUri(), dns.udpAddress(), Store.redact(config.effectiveJdbcUrl()),
                config.coverageFile() == null ? "none" : config.coverageFile(), coverage.regions().size());
    }

    private static Runnable guard(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, e.toString());
            }
        };
    }

    /** The HTTP API's bound address. */
    public synchronized InetSocketAddress apiAddress() {
        requireStarted();
        return apiAddress;
    }

    /** {@code http://HOST:PORT} of the API. */
    public synchronized URI apiUri() {
        InetSocketAddress a = apiAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
    }

    /** The DNS server's bound address (UDP and TCP share the port). */
    public synchronized InetSocketAddress dnsAddress() {
        requireStarted();
        return dns.udpAddress();
    }

    /** The steering the DNS server and the API answer from (read-only use: ranking, snapshots). */
    public synchronized Steering steering() {
        requireStarted();
        return steering;
    }

    /** Claims, audits and rewards (read-only use: schedule, settlement times). */
    public synchronized ClaimService claims() {
        requireStarted();
        return claims;
    }

    /** The claims, audits and rewards settings. */
    public RewardsConfig rewards() {
        return rewards;
    }

    /** The settings this tracker runs with. */
    public TrackerConfig config() {
        return config;
    }

    private void requireStarted() {
        if (!started || closed || api == null || dns == null) {
            throw new IllegalStateException("tracker not running");
        }
    }

    /**
     * Stops the API and DNS, finishes running requests, writes pending heartbeats and closes the
     * database. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // database-bound requests finish first (and write their answers while the event loops still run);
        // requests arriving meanwhile get 503 overloaded
        shutdown(blocking, "tracker-api-db");
        if (api != null) {
            api.close();
        }
        if (dns != null) {
            dns.close();
        }
        shutdown(scheduler, "tracker-sweep");
        if (nodes != null) {
            try {
                nodes.flush();
            } catch (RuntimeException e) {
                log.warn("writing pending heartbeats on close failed: {}", e.toString());
            }
        }
        if (probeExecutor != null) {
            probeExecutor.shutdownNow();
        }
        if (registryMetrics != null) {
            registryMetrics.close();
        }
        if (store != null) {
            store.close();
        }
        log.info("tracker for zone {} stopped", config.zone());
    }

    private static void shutdown(ExecutorService executor, String name) {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{} did not finish within 5 s; interrupting", name);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
