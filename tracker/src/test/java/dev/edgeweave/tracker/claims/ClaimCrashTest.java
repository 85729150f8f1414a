package dev.edgeweave.tracker.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged claim is never lost: a tracker in a child JVM is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) in the middle of a stream of claims from four concurrent
 * submitters, restarted on the same data directory, and must hold every claim it answered 201 to —
 * three rounds in a row.
 */
class ClaimCrashTest {

    static final int ROUNDS = 3;
    static final int SUBMITTERS = 4;

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void a_tracker_killed_mid_stream_keeps_every_acknowledged_claim() throws Exception {
        Path data = dir.resolve("data");
        Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // epoch -> claim digest
        AtomicLong nextEpoch = new AtomicLong(System.currentTimeMillis() / 1000 - 3_000);
        try (TestNode node = new TestNode(1, "127.0.0.11")) {
            for (int round = 1; round <= ROUNDS; round++) {
                Process tracker = startTracker(data, round);
                try {
                    URI api = URI.create("http://127.0.0.1:" + readPort(tracker));
                    if (round == 1) {
                        register(api, node);
                    }
                    verify(api, node, acknowledged); // everything acknowledged in earlier rounds is there
                    int before = acknowledged.size();
                    int killAfter = 25 + 10 * round;
                    stream(api, node, nextEpoch, acknowledged, killAfter, tracker);
                    assertThat(tracker.isAlive()).isFalse();
                    assertThat(acknowledged.size() - before).as("claims acknowledged in round %d", round)
                            .isGreaterThanOrEqualTo(killAfter);
                } finally {
                    tracker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            Process last = startTracker(data, ROUNDS + 1);
            try {
                verify(URI.create("http://127.0.0.1:" + readPort(last)), node, acknowledged);
            } finally {
                last.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ROUNDS * 35);
    }

    /** Four submitters claim successive past epochs until the tracker dies; the killer fires mid-stream. */
    private void stream(URI api, TestNode node, AtomicLong nextEpoch, Map<Long, String> acknowledged, int killAfter,
                        Process tracker) throws Exception {
        AtomicInteger acks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<?>> submitters = new ArrayList<>();
            for (int i = 0; i < SUBMITTERS; i++) {
                submitters.add(pool.submit(() -> {
                    while (tracker.isAlive()) {
                        long epoch = nextEpoch.getAndIncrement();
                        SignedClaim claim = claim(node.key, epoch);
                        HttpResponse<String> r;
                        try {
                            r = http.send(HttpRequest.newBuilder(api.resolve("/v1/claims"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", SignedClaim.CONTENT_TYPE)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(claim.encoded())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                        } catch (IOException e) {
                            return null; // the tracker died under this request: not acknowledged
                        }
                        if (r.statusCode() != 201) {
                            throw new AssertionError("claim " + epoch + ": " + r.statusCode() + " " + r.body());
                        }
                        acknowledged.put(epoch, HexFormat.of().formatHex(claim.digest()));
                        if (acks.incrementAndGet() == killAfter) {
                            tracker.destroyForcibly(); // SIGKILL while the other submitters are mid-request
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : submitters) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        tracker.waitFor(30, TimeUnit.SECONDS);
    }

    private void verify(URI api, TestNode node, Map<Long, String> acknowledged) {
        ApiClient client = new ApiClient(api);
        for (Map.Entry<Long, String> e : acknowledged.entrySet()) {
            HttpResponse<String> r = client.get("/v1/claims/" + node.id() + "/" + e.getKey());
            assertThat(r.statusCode()).as("acknowledged claim for epoch %d: %s", e.getKey(), r.body()).isEqualTo(200);
            JsonNode claim = ApiClient.json(r);
            assertThat(claim.get("claimDigest").asText()).isEqualTo(e.getValue());
            assertThat(claim.get("challenge").isNull()).as("challenge of epoch %d", e.getKey()).isFalse();
        }
    }

    private static void register(URI api, TestNode node) {
        ApiClient client = new ApiClient(api);
        HttpResponse<String> r = client.register(node, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(client.registerPublisher(TrackerFixture.publisherKey(99), "demo", "http://127.0.0.1:8000")
                .statusCode()).isEqualTo(201);
    }

    /** A claim over one receipt for {@code epoch} (one-second epochs); claims are checked, not audited, here. */
    private static SignedClaim claim(Ed25519KeyPair node, long epoch) {
        Ed25519KeyPair viewer = ClaimKit.key(100);
        byte[] id = new byte[16];
        for (int i = 0; i < 8; i++) {
            id[i] = (byte) (epoch >>> (56 - 8 * i));
        }
        Receipt r = new Receipt(TokenId.of(id), node.publicKey(), epoch, 1, 1_000 + epoch % 1_000, epoch * 1000 + 1);
        return ClaimBuilder.build(node, epoch, List.of(r.sign(viewer)), t -> OptionalLong.of(1L << 30))
                .signedClaim();
    }

    private Process startTracker(Path data, int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashTrackerMain.class.getName(), data.toString());
        pb.redirectError(dir.resolve("tracker-" + round + ".log").toFile());
        return pb.start();
    }

    private static int readPort(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("API ")) {
                return Integer.parseInt(line.substring(4).strip());
            }
        }
        throw new IOException("the tracker process exited before printing its port (exit " + waitExit(p) + ")");
    }

    private static String waitExit(Process p) {
        try {
            return p.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
