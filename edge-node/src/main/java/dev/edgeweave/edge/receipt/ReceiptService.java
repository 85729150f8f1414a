package dev.edgeweave.edge.receipt;

import dev.edgeweave.edge.http.EdgeContext;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.store.ReceiptStore;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.proof.viewer.ViewerSession;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bandwidth proofs on an edge node, end to end: counts the bytes served under each viewer token,
 * marks responses with {@code EdgeWeave-Node} and {@code EdgeWeave-Epoch}, takes viewers' signed
 * receipts at {@code POST /.well-known/edgeweave/receipts} (fsynced before the answer), and at each
 * epoch's end claims the receipted bytes from the tracker and answers its audit.
 *
 * <p>Wiring (the CLI does this once): build it, {@link #start()} it, then start the node with
 * {@link #servedBytes()} and {@link #extraRoutes()}, set {@link #responseHeaders()} on the node's
 * context and {@link #status()} as extra {@code /status} fields; {@link #close()} after the node.
 *
 * <p>Threads: the event loops only look tokens up and add counters; receipts are checked and logged on
 * one intake thread, claims and tracker calls run on one claims thread, both owned here. The
 * {@code scheduler} only fires timers. Files under {@code dataDir}: {@code receipts-<epoch>.log} per
 * epoch still being claimed, and {@code served.snapshot}.
 */
public final class ReceiptService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReceiptService.class);
    static final long SNAPSHOT_MILLIS = 5_000;

    private final Ed25519KeyPair nodeKey;
    private final String nodeId;
    private final EpochSchedule schedule;
    private final Path dataDir;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ReceiptMetrics metrics;
    private final ReceiptStore store;
    private final EpochLogs logs;
    private final ServedLedger served;
    private final TokenCache tokens;
    private final ExecutorService intakeThread;
    private final ExecutorService claimsThread;
    private final ReceiptIntake intake;
    private final ClaimAgent agent;
    private final ReceiptRoutes routes;
    private final MeterRegistry meters;
    private final List<Gauge> gauges;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean closed;
    private ScheduledFuture<?> tick;
    private ScheduledFuture<?> snapshot;
    private volatile long headerEpoch = Long.MIN_VALUE;
    private volatile String headerEpochText = "";

    /**
     * @param nodeKey       the node's key (its id is the public key)
     * @param tracker       the tracker API base URL, e.g. {@code http://127.0.0.1:7000}
     * @param schedule      the tracker's epoch schedule ({@link #fetchSchedule})
     * @param dataDir       where receipt logs and the served-bytes snapshot live (created if missing)
     * @param publisherKeys the registered publishers' keys, e.g. a {@link PublisherKeys}
     * @param clock         node time
     * @param scheduler     fires the claim rounds and snapshots (the work runs on this service's threads)
     * @param meters        where receipt and claim meters go (e.g. the node's Prometheus registry)
     */
    public ReceiptService(Ed25519KeyPair nodeKey, URI tracker, EpochSchedule schedule, Path dataDir,
                          Supplier<Set<Ed25519PublicKey>> publisherKeys, Clock clock,
                          ScheduledExecutorService scheduler, MeterRegistry meters) {
        this.nodeKey = Objects.requireNonNull(nodeKey, "nodeKey");
        this.nodeId = nodeKey.publicKey().hex();
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(publisherKeys, "publisherKeys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.metrics = new ReceiptMetrics(Objects.requireNonNull(meters, "meters"));
        PublisherDirectory directory = key -> publisherKeys.get().contains(key);
        this.store = new ReceiptStore(nodeKey.publicKey(), schedule, directory);
        this.logs = new EpochLogs(dataDir);
        this.served = new ServedLedger(dataDir.resolve("served.snapshot"));
        this.tokens = new TokenCache(publisherKeys, clock::millis);
        this.intakeThread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("edge-receipts", true));
        this.claimsThread = Executors.newSingleThreadExecutor(new DefaultThreadFactory("edge-claims", true));
        this.intake = new ReceiptIntake(nodeKey, schedule, store, logs, served, clock::millis, metrics, intakeThread);
        // the client's own executor: send() completes on it, so it must not be the (blocked) claims thread
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.agent = new ClaimAgent(nodeKey, schedule, new ClaimClient(Objects.requireNonNull(tracker, "tracker"),
                http), intake, store, clock::millis, metrics);
        this.routes = new ReceiptRoutes(intake, nodeId, () -> started && !closed);
        this.meters = meters;
        this.gauges = List.of(
                Gauge.builder("edgeweave.receipts.held", store, ReceiptStore::size)
                        .description("latest receipts held (one per viewer session and epoch)").register(meters),
                Gauge.builder("edgeweave.earnings.paid.units", agent, ClaimAgent::paidUnits)
                        .description("reward units the tracker paid this node").register(meters));
    }

    /**
     * The tracker's epoch schedule ({@code GET /v1/epochs}): what a node must use so its epochs, receipt
     * windows and claim times match the tracker's.
     */
    public static EpochSchedule fetchSchedule(URI tracker) throws IOException, InterruptedException {
        return ClaimClient.schedule(tracker, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /**
     * {@link #fetchSchedule(URI)}, retried (0.5 s doubling to 5 s) while the tracker is unreachable, for at
     * most {@code patience}: a node may start before its tracker.
     *
     * @throws IOException the last failure, once {@code patience} is spent
     */
    public static EpochSchedule fetchSchedule(URI tracker, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = 500;
        while (true) {
            try {
                return fetchSchedule(tracker);
            } catch (IOException e) {
                if (System.nanoTime() + backoff * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("epoch schedule from {} unavailable ({}); retrying in {} ms", tracker, e.getMessage(), backoff);
                Thread.sleep(backoff); // start-up retry backoff, as the tracker agent's registration does
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Restores the receipts logged before a restart (and the served-bytes snapshot), then starts the
     * claim rounds: epochs whose claim window is open are claimed again at once.
     */
    public synchronized void start() throws IOException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "receipt service closed" : "receipt service already started");
        }
        Files.createDirectories(dataDir);
        served.load();
        NavigableSet<Long> restored = logs.restore(store);
        for (long e : restored) {
            for (SignedReceipt r : store.latest(e)) {
                SignedToken t = store.token(r.receipt().tokenId()).orElseThrow();
                // bytes a viewer signed for were served; the snapshot may be older than the last receipts
                served.atLeast(r.receipt().tokenId(), t.token().expiresMillis(), totalHeld(r));
            }
        }
        long tickMillis = Math.max(100, Math.min(1_000, schedule.epochMillis() / 10));
        tick = scheduler.scheduleWithFixedDelay(() -> onClaimsThread(this::tick), tickMillis, tickMillis,
                TimeUnit.MILLISECONDS);
        snapshot = scheduler.scheduleWithFixedDelay(() -> onClaimsThread(this::snapshot), SNAPSHOT_MILLIS,
                SNAPSHOT_MILLIS, TimeUnit.MILLISECONDS);
        started = true;
        log.info("receipt service for node {} started: {} receipts restored from epochs {}, data {}, epochs of {} ms",
                nodeKey.publicKey().shortHex(), store.size(), restored, dataDir, schedule.epochMillis());
    }

    private long totalHeld(SignedReceipt r) {
        long sum = 0;
        for (long e : logs.epochs()) {
            sum += store.acceptedBytes(r.receipt().tokenId(), e);
        }
        return sum;
    }

    /** Counts body bytes served under the request's {@code EdgeWeave-Token} (valid tokens only). Event loops. */
    public EdgeContext.ServedBytes servedBytes() {
        return (header, bytes) -> {
            SignedToken t = tokens.usable(header);
            if (t != null) {
                served.add(t.tokenId(), t.token().expiresMillis(), bytes);
            }
        };
    }

    /** {@code POST /.well-known/edgeweave/receipts}, answered after the fsync (async). */
    public EdgeContext.ExtraRoutes extraRoutes() {
        return routes;
    }

    /** Adds {@code EdgeWeave-Node: <id hex>} and {@code EdgeWeave-Epoch: <current epoch>} to viewer responses. */
    public EdgeContext.ResponseHeaders responseHeaders() {
        return h -> {
            h.set(ViewerSession.NODE_HEADER, nodeId);
            h.set(ViewerSession.EPOCH_HEADER, epochText(clock.millis()));
        };
    }

    private String epochText(long now) {
        long e = schedule.epochAt(now);
        if (e != headerEpoch) {
            headerEpochText = Long.toString(e);
            headerEpoch = e;
        }
        return headerEpochText;
    }

    /** Fields for the node's {@code /status}: receipts, claims (with reasons) and earnings. */
    public Map<String, Object> status() {
        long now = clock.millis();
        long epoch = schedule.epochAt(now);
        long bytes = 0;
        int sessions = 0;
        for (SignedReceipt r : store.latest(epoch)) {
            bytes += r.receipt().bytes();
            sessions++;
        }
        Map<String, Object> receipts = new LinkedHashMap<>();
        receipts.put("currentEpoch", epoch);
        receipts.put("receiptedBytes", bytes);
        receipts.put("sessions", sessions);
        receipts.put("heldEpochs", logs.epochs().stream().toList());
        receipts.put("accepted", metrics.acceptedCount());
        receipts.put("refused", metrics.refusedCounts());
        receipts.put("tokensServed", served.tokens());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("receipts", receipts);
        out.putAll(agent.status());
        return out;
    }

    /** The node id (hex public key). */
    public String nodeId() {
        return nodeId;
    }

    /** The epoch schedule in use. */
    public EpochSchedule schedule() {
        return schedule;
    }

    /** Runs one claim round now (tests; the scheduler does it every tick). */
    void tick() throws InterruptedException {
        agent.tick();
    }

    ClaimAgent agent() {
        return agent;
    }

    private void snapshot() {
        try {
            served.snapshot();
        } catch (IOException e) {
            log.warn("served-bytes snapshot failed: {}", e.toString());
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} on the claims thread unless a previous round is still running. */
    private void onClaimsThread(Work work) {
        if (closed || !ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            claimsThread.execute(() -> {
                try {
                    work.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception | AssertionError e) {
                    log.warn("claims round failed: {}", e.toString());
                } finally {
                    ticking.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            ticking.set(false);
        }
    }

    /** Stops the claim rounds, answers the batches in progress, syncs and closes the logs. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tick != null) {
            tick.cancel(false);
            snapshot.cancel(false);
        }
        claimsThread.shutdownNow();
        intakeThread.shutdown();
        try {
            if (!intakeThread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("receipt intake did not finish within 10 s");
                intakeThread.shutdownNow();
            }
            claimsThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            logs.close();
        } catch (IOException e) {
            log.warn("closing receipt logs: {}", e.toString());
        }
        try {
            served.snapshot(true);
        } catch (IOException e) {
            log.warn("served-bytes snapshot on close failed: {}", e.toString());
        }
        gauges.forEach(meters::remove);
        log.info("receipt service for node {} stopped", nodeKey.publicKey().shortHex());
    }
}
