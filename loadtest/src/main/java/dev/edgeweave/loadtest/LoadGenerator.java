package dev.edgeweave.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgeweave.loadtest.LoadConfig.Fault;
import dev.edgeweave.loadtest.origin.Clip;
import dev.edgeweave.loadtest.origin.LoadOrigin;
import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.report.ReportText;
import dev.edgeweave.loadtest.report.Stats;
import dev.edgeweave.loadtest.tracker.TrackerApi;
import dev.edgeweave.loadtest.viewer.Crowd;
import dev.edgeweave.loadtest.viewer.TokenSource;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.KeyFiles;
import dev.edgeweave.proof.publisher.TokenIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one load test: sets up tokens (and the own origin, if asked), lets a {@link Crowd} watch for
 * the configured time, prints a progress line every second, injects the faults on schedule, then
 * reports — and, with a tracker API, compares what viewers receipted with what the tracker rewarded.
 *
 * <p>From the command line: {@code edgeweave loadtest --help}; the README's "Load testing the devnet".
 */
public final class LoadGenerator {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
    private static final long TOKEN_CAP = 1L << 40;
    private static final long PUBLISHER_KEY_POLL_MILLIS = 3_000;

    private final LoadConfig config;
    private final NodeFaults nodeFaults;
    private final Clock clock;
    private final LongSupplier nanos;
    private final Consumer<String> out;

    /**
     * @param nodeFaults kills and drains nodes ({@link NodeFaults#NONE} if none are configured)
     * @param clock wall clock (tokens, receipts)
     * @param nanos monotonic clock (pacing, latencies)
     * @param out receives the progress lines and the final report
     */
    public LoadGenerator(LoadConfig config, NodeFaults nodeFaults, Clock clock, LongSupplier nanos,
                         Consumer<String> out) {
        this.config = config;
        this.nodeFaults = nodeFaults;
        this.clock = clock;
        this.nanos = nanos;
        this.out = out;
    }

    /** Runs the test and returns the report (also printed, and written as JSON if asked). */
    public Report run() throws Exception {
        TrackerApi api = config.api() == null ? null : new TrackerApi(config.api(), clock, config.timeout());
        LoadOrigin origin = null;
        try {
            List<String> streams = new ArrayList<>();
            TokenSource tokens = null;
            if (config.ownOrigin() != null) {
                Clip clip = Clip.load(config.ownOrigin().clip(), config.timeout());
                origin = new LoadOrigin(clip, config.streams(), new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        0));
                Ed25519KeyPair key = ownKey(config.ownOrigin().key());
                String host = api.registerPublisher(key, config.ownOrigin().name(), origin.uri());
                if (!host.equalsIgnoreCase(config.host())) {
                    throw new IllegalArgumentException("--url: host '" + config.host() + "' but the tracker serves"
                            + " publisher '" + config.ownOrigin().name() + "' at '" + host + "' (expected: --url http://"
                            + host + ":PORT/)");
                }
                for (int k = 0; k < config.streams(); k++) {
                    streams.add(LoadOrigin.streamPath(k));
                }
                tokens = config.receipts() ? issuer(key) : null;
            } else {
                streams.add(config.url().getRawPath());
                tokens = config.receipts() ? issuer(KeyFiles.read(config.publisherKey())) : null;
            }
            awaitServed(streams.get(0));
            if (config.ownOrigin() != null && tokens != null) {
                // Nodes learn a new publisher's key on their own poll of the tracker (every 2 s in EdgeLauncher),
                // separately from its hostname; a token seen before that is not counted for 10 s (TokenCache),
                // and every receipt under it would be refused as over-served. Let one poll pass.
                Thread.sleep(PUBLISHER_KEY_POLL_MILLIS);
            }
            Stats stats = new Stats();
            Report report;
            try (Crowd crowd = new Crowd(config, streams, tokens, stats, nanos, clock::millis)) {
                report = watch(crowd, stats, origin, api, tokens != null);
            }
            out.accept(ReportText.format(report));
            if (config.json() != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(config.json().toFile(), report);
                log.info("report written to {}", config.json());
            }
            return report;
        } finally {
            if (origin != null) {
                origin.close();
            }
        }
    }

    private static Ed25519KeyPair ownKey(java.nio.file.Path file) throws IOException {
        if (file == null) {
            return Ed25519KeyPair.generate(new SecureRandom());
        }
        if (java.nio.file.Files.isRegularFile(file)) {
            return KeyFiles.read(file);
        }
        Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
        KeyFiles.write(file, key);
        return key;
    }

    private TokenSource issuer(Ed25519KeyPair publisher) {
        TokenIssuer issuer = new TokenIssuer(publisher, clock, new SecureRandom());
        Duration validity = config.duration().plusHours(1);
        return viewer -> issuer.issue(viewer, validity, TOKEN_CAP);
    }

    private Report watch(Crowd crowd, Stats stats, LoadOrigin origin, TrackerApi api, boolean receipts)
            throws InterruptedException {
        ScheduledExecutorService control = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "loadtest-control");
            t.setDaemon(true);
            return t;
        });
        List<ReportBuilder.Injected> injected = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> endedBy = new AtomicReference<>("time");
        long start = nanos.getAsLong();
        crowd.start();
        long[] last = {start, 0, 0};
        control.scheduleAtFixedRate(() -> {
            stats.roll();
            long now = nanos.getAsLong();
            long req = stats.requests.sum();
            long bytes = stats.bytes.sum();
            double dt = Math.max(1e-9, (now - last[0]) / 1e9);
            out.accept(ReportText.progress((now - start) / 1e9, stats.activeViewers.sum(), (req - last[1]) / dt,
                    (bytes - last[2]) / dt / 1e6, stats.errors.sum(), stats.rebuffers.sum(), stats.segmentsOk.sum(),
                    stats.segmentsFailed.sum()));
            last[0] = now;
            last[1] = req;
            last[2] = bytes;
            if (crowd.budgetSpent()) {
                endedBy.set("request budget");
                done.countDown();
            }
        }, 1, 1, TimeUnit.SECONDS);
        for (Fault f : config.faults()) {
            control.schedule(() -> injected.add(inject(f, crowd, origin)), f.at().toNanos(), TimeUnit.NANOSECONDS);
        }
        control.schedule(done::countDown, config.duration().toNanos(), TimeUnit.NANOSECONDS);
        done.await();
        long end = nanos.getAsLong();
        control.shutdownNow();
        if (!control.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("a fault injection was still running 30 s after the end of the run");
        }
        List<ViewerResult> results = crowd.finish(Duration.ofSeconds(10));
        stats.roll();
        Rewards rewards = receipts && api != null ? Rewards.collect(api, results, config.awaitRewards(), nanos)
                : Rewards.none("no tracker API or no receipts: rewards not checked");
        return ReportBuilder.build(config, stats, results, injected, start, end, endedBy.get(), origin, rewards);
    }

    private ReportBuilder.Injected inject(Fault f, Crowd crowd, LoadOrigin origin) {
        long at = nanos.getAsLong();
        List<Integer> onNode = new ArrayList<>();
        if (f.node() >= 0) {
            String address = config.nodes().get(f.node()).address();
            for (Map.Entry<Integer, String> e : crowd.currentNodes().entrySet()) {
                if (address.equals(e.getValue())) {
                    onNode.add(e.getKey());
                }
            }
        }
        try {
            switch (f.kind()) {
                case KILL_NODE -> nodeFaults.kill(f.node());
                case DRAIN_NODE -> nodeFaults.drain(f.node());
                case ORIGIN_FAIL -> origin.fail();
                case ORIGIN_SLOW -> origin.slow(f.delay());
                case ORIGIN_RECOVER -> origin.recover();
            }
            log.info("fault {} {} injected at {} s ({} viewers on the node)", f.kind(), f.node() >= 0 ? "node "
                    + f.node() : "", f.at().toSeconds(), onNode.size());
            return new ReportBuilder.Injected(f, at, onNode, null);
        } catch (Exception e) {
            log.warn("fault {} at {} s could not be injected: {}", f.kind(), f.at().toSeconds(), e.getMessage());
            return new ReportBuilder.Injected(f, at, onNode, e.getMessage());
        }
    }

    /**
     * Before the crowd starts: every known node serves the publisher's hostname (an own origin's
     * registration reaches the nodes within a publisher-table poll). Bounded to 30 s.
     */
    private void awaitServed(String path) throws IOException, InterruptedException {
        if (config.nodes().isEmpty()) {
            return;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        long deadline = nanos.getAsLong() + TimeUnit.SECONDS.toNanos(30);
        for (LoadConfig.NodeRef n : config.nodes()) {
            URI probe = URI.create("http://" + n.address() + "/~/" + config.host() + path);
            String lastAnswer = "no answer";
            while (true) {
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(probe).timeout(config.timeout()).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        break;
                    }
                    lastAnswer = "HTTP " + r.statusCode();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                }
                if (nanos.getAsLong() - deadline > 0) {
                    throw new IOException("node " + n.url() + " does not serve " + config.host() + path
                            + " after 30 s (last: " + lastAnswer + ")");
                }
                Thread.sleep(200); // polling a remote node for a state change; not a test wait
            }
        }
    }

}
