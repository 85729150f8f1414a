package dev.edgeweave.edge.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.viewer.FetchResult;
import dev.edgeweave.proof.viewer.ViewerConfig;
import dev.edgeweave.proof.viewer.ViewerSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What bandwidth receipts cost a node serving a 2 MiB-segment stream as fast as it can: CPU of the receipt
 * intake as a share of the node's CPU, and receipt bytes on the wire as a share of bytes served. Not part
 * of the test build (its name is not a test's, and it needs {@code -Dbench=true}):
 *
 * <pre>
 * mvn -B -o -pl edge-node -am test -Dtest=ReceiptCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench=true -Dbench.seconds=20
 * </pre>
 *
 * <p>One JVM: a real edge node (2 event loops, memory tier, plaintext) in front of a real origin, and
 * viewer threads using the viewer SDK (digest check included) that fetch 8 cached segments in a loop.
 * Node CPU is the thread CPU time (user + system) of the node's own threads ({@code edge-*},
 * {@code cache-*}); the viewers' CPU is not counted. Phases of equal length: receipts after every segment,
 * receipts every 8 segments, no receipts (the baseline: node CPU per segment), receipts only (node CPU per
 * receipt, event loops and intake thread), then wire bytes through a counting relay. The intake's share
 * for a reporting cadence of one receipt every k segments is derived from the two per-unit costs.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReceiptCostBenchmark {

    static final int SEGMENT = 2 << 20;
    static final int SEGMENTS = 8;
    static final int VIEWERS = 2;

    @TempDir
    Path dir;

    record Phase(String name, long cpuNanos, long intakeNanos, long segments, long receipts) {
        double cpuPerSegmentMicros() {
            return cpuNanos / 1000.0 / segments;
        }
    }

    @Test
    void measures_receipt_intake_cpu_and_wire_share() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 20);
        Ed25519KeyPair nodeKey = ReceiptFixture.key(0x33);
        Ed25519KeyPair publisher = ReceiptFixture.key(0x11);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        Clock clock = Clock.systemUTC();
        try (DigestOrigin origin = new DigestOrigin()) {
            ReceiptService service = new ReceiptService(nodeKey, URI.create("http://127.0.0.1:9/"),
                    EpochSchedule.of(0, 3_600_000), dir.resolve("receipts"), () -> Set.of(publisher.publicKey()),
                    clock, scheduler, new SimpleMeterRegistry());
            service.start();
            EdgeConfig config = EdgeConfig.standalone(new InetSocketAddress("127.0.0.1", 0), dir.resolve("cache"),
                    origin.uri()).withCache(256L << 20, 1L << 30, 1 << 20).withIoThreads(2);
            EdgeNode node = EdgeNode.start(config, EdgeNode.standaloneHosts(config), clock, service.servedBytes(),
                    service.extraRoutes());
            node.context().responseHeaders(service.responseHeaders());
            try {
                URI base = URI.create("http://127.0.0.1:" + node.httpAddress().getPort());
                TokenIssuer issuer = new TokenIssuer(publisher, clock, new SecureRandom());
                run("warm-up", base, issuer, 1, Math.max(3, seconds / 4), service);
                List<Phase> phases = new ArrayList<>();
                phases.add(run("receipt after every segment", base, issuer, 1, seconds, service));
                phases.add(run("receipt every 8 segments", base, issuer, 8, seconds, service));
                phases.add(run("no receipts (baseline)", base, issuer, 0, seconds, service));
                report(phases);
                Phase only = receiptsOnly(base, issuer, nodeKey, seconds, service);
                derive(phases.get(2), only);
                wire(node.httpAddress(), issuer);
            } finally {
                node.close();
                service.close();
                scheduler.shutdownNow();
            }
        }
    }

    /** Viewers fetch for {@code seconds}; {@code reportEvery} 0: never report, else every n fetches. */
    private Phase run(String name, URI base, TokenIssuer issuer, int reportEvery, int seconds, ReceiptService service)
            throws Exception {
        Map<Long, Long> before = nodeCpu();
        long receiptsBefore = accepted(service);
        AtomicLong segments = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> viewers = new ArrayList<>();
        for (int v = 0; v < VIEWERS; v++) {
            Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
            ViewerSession session = new ViewerSession(HttpClient.newHttpClient(), key,
                    issuer.issue(key.publicKey(), Duration.ofHours(1), Long.MAX_VALUE / 4), Clock.systemUTC(),
                    new ViewerConfig(false, reportEvery == 1, 64 << 20));
            int offset = v;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        FetchResult r = session.fetchDiscarding(base.resolve("/s" + ((i + offset) % SEGMENTS)
                                + "/seg-" + SEGMENT + ".ts"));
                        if (r.countedBytes() != SEGMENT) {
                            throw new AssertionError("segment not verified: " + r.digest());
                        }
                        segments.incrementAndGet();
                        if (reportEvery > 1 && (i + 1) % reportEvery == 0) {
                            session.reportReceipts();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-viewer-" + v);
            t.start();
            viewers.add(t);
        }
        for (Thread t : viewers) {
            t.join();
        }
        Map<Long, Long> after = nodeCpu();
        long cpu = 0;
        long intake = 0;
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            cpu += delta;
            ThreadInfo info = tmx.getThreadInfo(e.getKey());
            if (info != null && info.getThreadName().startsWith("edge-receipts")) {
                intake += delta;
            }
        }
        return new Phase(name, cpu, intake, segments.get(), accepted(service) - receiptsBefore);
    }

    /**
     * Viewers post receipts and nothing else (each a new serial for the same cumulative bytes, all accepted):
     * the node's whole CPU per receipt, event loops (HTTP) and intake thread (checks, log, fsync) together.
     */
    private Phase receiptsOnly(URI base, TokenIssuer issuer, Ed25519KeyPair nodeKey, int seconds,
                               ReceiptService service) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Map<Long, Long> before = nodeCpu();
        long receiptsBefore = accepted(service);
        List<Thread> viewers = new ArrayList<>();
        for (int v = 0; v < VIEWERS; v++) {
            Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
            dev.edgeweave.proof.wire.SignedToken token = issuer.issue(key.publicKey(), Duration.ofHours(1),
                    Long.MAX_VALUE / 4);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/s0/seg-" + SEGMENT + ".ts"))
                    .header(dev.edgeweave.proof.wire.SignedToken.HEADER, token.toHeaderValue()).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            long epoch = EpochSchedule.of(0, 3_600_000).epochAt(System.currentTimeMillis());
            Thread t = new Thread(() -> {
                try {
                    for (long serial = 1; System.nanoTime() < end; serial++) {
                        byte[] batch = dev.edgeweave.proof.wire.ReceiptBatch.encode(List.of(
                                new dev.edgeweave.proof.wire.Receipt(token.tokenId(), nodeKey.publicKey(), epoch, serial,
                                        SEGMENT, System.currentTimeMillis()).sign(key)));
                        var r = http.send(java.net.http.HttpRequest.newBuilder(base.resolve(
                                        dev.edgeweave.proof.wire.ReceiptBatch.PATH))
                                .header("Content-Type", dev.edgeweave.proof.wire.ReceiptBatch.CONTENT_TYPE)
                                .header(dev.edgeweave.proof.wire.SignedToken.HEADER, token.toHeaderValue())
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(batch)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new AssertionError(r.body());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-poster-" + v);
            t.start();
            viewers.add(t);
        }
        for (Thread t : viewers) {
            t.join();
        }
        Map<Long, Long> after = nodeCpu();
        long cpu = 0;
        long intake = 0;
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            cpu += delta;
            ThreadInfo info = tmx.getThreadInfo(e.getKey());
            if (info != null && info.getThreadName().startsWith("edge-receipts")) {
                intake += delta;
            }
        }
        return new Phase("receipts only", cpu, intake, 0, accepted(service) - receiptsBefore);
    }

    /** The intake's share of node CPU for a viewer that reports once every k segments. */
    private static void derive(Phase baseline, Phase only) {
        double seg = baseline.cpuPerSegmentMicros();
        double rcpt = only.cpuNanos() / 1000.0 / only.receipts();
        double intake = only.intakeNanos() / 1000.0 / only.receipts();
        System.out.printf(Locale.ROOT, "%nnode CPU per 2 MiB segment (baseline): %.0f µs; per receipt: %.0f µs"
                + " (intake thread %.0f µs, event loops %.0f µs; %d receipts)%n", seg, rcpt, intake, rcpt - intake,
                only.receipts());
        System.out.println("| receipt every k segments | receipt CPU / node CPU |");
        System.out.println("|---:|---:|");
        for (int k : new int[] {1, 8, 32, 64, 128}) {
            System.out.printf(Locale.ROOT, "| %d | %.2f %% |%n", k, 100 * rcpt / (rcpt + k * seg));
        }
    }

    private static long accepted(ReceiptService service) {
        return ((Number) ((Map<?, ?>) service.status().get("receipts")).get("accepted")).longValue();
    }

    private static Map<Long, Long> nodeCpu() {
        ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : tmx.getThreadInfo(tmx.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("edge-") || info.getThreadName().startsWith("cache-"))) {
                out.put(info.getThreadId(), tmx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return out;
    }

    private static void report(List<Phase> phases) {
        Phase base = phases.get(phases.size() - 1);
        System.out.println("\n| phase | segments | MiB/s served | receipts | node CPU µs/segment | intake thread µs/receipt"
                + " | intake thread / node CPU | node CPU vs baseline |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Phase p : phases) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %d | %.0f | %s | %.3f %% | %+.2f %% |%n", p.name(),
                    p.segments(), p.segments() * 2.0 / Integer.getInteger("bench.seconds", 20), p.receipts(),
                    p.cpuPerSegmentMicros(), p.receipts() == 0 ? "–" : String.format(Locale.ROOT, "%.1f",
                            p.intakeNanos() / 1000.0 / p.receipts()), 100.0 * p.intakeNanos() / p.cpuNanos(),
                    100.0 * (p.cpuPerSegmentMicros() / base.cpuPerSegmentMicros() - 1));
        }
        assertThat(phases.get(0).receipts()).isPositive();
    }

    /** Bytes on the wire for one segment exchange and one receipt exchange, through a counting relay. */
    private static void wire(InetSocketAddress node, TokenIssuer issuer) throws Exception {
        int n = 16;
        long[] with = exchange(node, issuer, n, true);
        long[] without = exchange(node, issuer, n, false);
        double segUp = (double) without[0] / n;
        double segDown = (double) without[1] / n;
        double rcptUp = (double) (with[0] - without[0]) / n;
        double rcptDown = (double) (with[1] - without[1]) / n;
        System.out.printf(Locale.ROOT, "%nwire bytes per segment exchange: %.0f up, %.0f down; per receipt exchange:"
                + " %.0f up (request), %.0f down (JSON answer)%n", segUp, segDown, rcptUp, rcptDown);
        System.out.printf(Locale.ROOT, "receipt bytes / bytes served (one receipt per 2 MiB segment): %.4f %%"
                + " (request only: %.4f %%)%n", 100 * (rcptUp + rcptDown) / (segUp + segDown),
                100 * rcptUp / (segUp + segDown));
    }

    private static long[] exchange(InetSocketAddress node, TokenIssuer issuer, int n, boolean receipts)
            throws Exception {
        try (CountingRelay relay = new CountingRelay(node)) {
            Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
            ViewerSession session = new ViewerSession(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .build(), key, issuer.issue(key.publicKey(), Duration.ofHours(1), Long.MAX_VALUE / 4),
                    Clock.systemUTC(), new ViewerConfig(false, receipts, 64 << 20));
            URI base = URI.create("http://127.0.0.1:" + relay.port());
            for (int i = 0; i < n; i++) {
                session.fetchDiscarding(base.resolve("/s" + (i % SEGMENTS) + "/seg-" + SEGMENT + ".ts"));
            }
            Thread.sleep(200); // let the relay's pumps count the last bytes (bench only)
            return new long[] {relay.toServer.get(), relay.toClient.get()};
        }
    }

}
