package dev.edgeweave.tracker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.viewer.FetchResult;
import dev.edgeweave.proof.viewer.ViewerConfig;
import dev.edgeweave.proof.viewer.ViewerSession;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.Tracker;
import dev.edgeweave.tracker.TrackerFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bandwidth proofs end to end, everything real and in-process: a tracker (SQLite), an edge node with its
 * receipt service, an origin serving segments with {@code Repr-Digest}, and viewers using the viewer SDK.
 * Epochs last two seconds on the real clock; the node must be paid for exactly the bytes viewers verified.
 */
class BandwidthProofEndToEndTest {

    static final Duration EPOCH = Duration.ofSeconds(2);
    static final long POOL = 1_000_000;

    @TempDir
    Path dir;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<AutoCloseable> open = new ArrayList<>();
    final Ed25519KeyPair publisher = TrackerFixture.publisherKey(99);
    final Ed25519KeyPair nodeKey = ClaimKit.key(0x33);
    Tracker tracker;
    ApiClient api;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        meters.close();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        open.add(c);
        return c;
    }

    private void startTracker(RewardsConfig rewards) throws Exception {
        tracker = closeLater(new Tracker(TrackerFixture.config(dir).withEpochLength(EPOCH), rewards,
                Clock.systemUTC(), meters));
        tracker.start();
        api = new ApiClient(tracker.apiUri());
        assertThat(api.registerPublisher(publisher, "demo", "http://127.0.0.1:8000").statusCode()).isEqualTo(201);
    }

    private static RewardsConfig rewards() {
        // receipts may arrive up to 0.8 s after an epoch ends: generous for a loaded 2-core test machine
        return RewardsConfig.defaults(EPOCH).withReceiptGrace(Duration.ofMillis(800)).withPool(POOL);
    }

    /** {@code viewers} sessions fetch {@code fetches} segments each; returns verified bytes per epoch. */
    private Map<Long, Long> watch(EdgeUnderTest edge, int viewers, int fetches) throws Exception {
        TokenIssuer issuer = new TokenIssuer(publisher, Clock.systemUTC(), new SecureRandom());
        Map<Long, Long> perEpoch = new TreeMap<>();
        for (int v = 0; v < viewers; v++) {
            Ed25519KeyPair viewerKey = ClaimKit.key(100 + v);
            ViewerSession session = new ViewerSession(http, viewerKey, issuer.issue(viewerKey.publicKey(),
                    Duration.ofHours(1), 1L << 30), Clock.systemUTC(), ViewerConfig.defaults());
            for (int i = 0; i < fetches; i++) {
                FetchResult r = session.fetch(edge.url("/live/v" + v + "/seg-" + (50_000 + 7_919 * i + v) + ".ts"));
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.countedBytes()).as("verified bytes of %s", r.uri()).isEqualTo(r.bodyLength());
                perEpoch.merge(r.epoch().orElseThrow(), r.countedBytes(), Long::sum);
            }
            assertThat(session.reportReceipts()).as("receipts the node refused").isEmpty();
        }
        return perEpoch;
    }

    private JsonNode awaitSettled(long epoch) {
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() ->
                ApiClient.json(api.get("/v1/epochs/" + epoch + "/rewards")).get("status").asText().equals("settled"));
        return ApiClient.json(api.get("/v1/epochs/" + epoch + "/rewards"));
    }

    private void assertPaidExactly(long epoch, long verifiedBytes) {
        JsonNode rewards = awaitSettled(epoch);
        JsonNode node = rewards.get("nodes").get(0);
        assertThat(rewards.get("nodes")).hasSize(1);
        assertThat(node.get("node").asText()).isEqualTo(nodeKey.publicKey().hex());
        assertThat(node.get("status").asText()).as("claim of epoch %d: %s", epoch, node).isEqualTo("accepted");
        assertThat(node.get("claimedBytes").asLong()).isEqualTo(verifiedBytes);
        assertThat(node.get("verifiedBytes").asLong()).isEqualTo(verifiedBytes);
        assertThat(node.get("reward").asLong()).isEqualTo(POOL);
        assertThat(rewards.get("paid").asLong()).isEqualTo(POOL);
    }

    @Test
    void viewers_fetch_through_a_node_and_the_node_is_paid_for_exactly_the_verified_bytes() throws Exception {
        startTracker(rewards().withAuditTimeout(Duration.ofSeconds(2)));
        SegmentOrigin origin = closeLater(new SegmentOrigin());
        EdgeUnderTest edge = closeLater(new EdgeUnderTest(nodeKey, dir.resolve("edge"), tracker.apiUri(),
                tracker.apiUri(), origin.uri()).start());
        edge.register(api);

        Map<Long, Long> verified = watch(edge, 3, 4);

        for (Map.Entry<Long, Long> e : verified.entrySet()) {
            assertPaidExactly(e.getKey(), e.getValue());
        }
        JsonNode earnings = ApiClient.json(api.get("/v1/nodes/" + nodeKey.publicKey().hex() + "/earnings"));
        assertThat(earnings.get("totalReward").asLong()).isEqualTo(POOL * verified.size());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = edge.status();
            assertThat(status.get("claims").get("accepted").asInt()).isEqualTo(verified.size());
            assertThat(status.get("earnings").get("paidUnits").asLong()).isEqualTo(POOL * verified.size());
            assertThat(status.get("receipts").get("heldEpochs")).isEmpty(); // logs deleted once claims were final
        });
        String metrics = edge.admin("/metrics");
        assertThat(metrics).contains("edgeweave_receipts_total{code=\"none\",result=\"accepted\"} 12.0")
                .contains("edgeweave_claims_total{result=\"accepted\"} " + verified.size() + ".0");
    }

    @Test
    void a_node_restarted_during_a_tracker_outage_rebuilds_its_claim_from_its_log_and_is_paid() throws Exception {
        startTracker(rewards().withClaimWindow(Duration.ofSeconds(5)).withAuditTimeout(Duration.ofSeconds(2)));
        SegmentOrigin origin = closeLater(new SegmentOrigin());
        TrackerRelay relay = closeLater(new TrackerRelay(tracker.apiAddress())); // down: claims cannot get through
        EdgeUnderTest edge = closeLater(new EdgeUnderTest(nodeKey, dir.resolve("edge"), tracker.apiUri(),
                relay.uri(), origin.uri()).start());
        edge.register(api);

        Map<Long, Long> verified = watch(edge, 2, 3);
        long last = verified.keySet().stream().max(Long::compare).orElseThrow();

        // the node tried to claim and failed against the dead tracker
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode c : edge.status().get("claims").get("recent")) {
                if (c.get("epoch").asLong() == last && !c.get("lastError").isNull()) {
                    return true;
                }
            }
            return false;
        });
        edge.restart(); // receipts come back from the log; the claim is built again
        relay.up();

        for (Map.Entry<Long, Long> e : verified.entrySet()) {
            assertPaidExactly(e.getKey(), e.getValue());
        }
    }
}
