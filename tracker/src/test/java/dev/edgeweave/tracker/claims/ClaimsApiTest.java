package dev.edgeweave.tracker.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.ViewerToken;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims, audits and rewards over the real HTTP API of a real tracker (SQLite), with honest and
 * dishonest nodes built from the real bandwidth-proof library. Time moves on a test clock.
 */
class ClaimsApiTest {

    @TempDir
    Path dir;
    ClaimKit kit;
    TestNode node;
    long epoch;

    @BeforeEach
    void start() throws Exception {
        kit = new ClaimKit(dir).start();
        node = kit.node(1);
        epoch = kit.epochNow();
    }

    @AfterEach
    void stop() {
        kit.close();
    }

    private List<ClaimKit.Session> sessions(TestNode n, int count, long bytes) {
        List<ClaimKit.Session> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(kit.session(100 + i, n, epoch, bytes + i, 1L << 40));
        }
        return out;
    }

    private JsonNode awaitSettled(long e) {
        kit.passSettlement(e);
        kit.tracker.claims().sweep(); // what the tracker's timer does every second; settles at most once
        JsonNode rewards = kit.get("/v1/epochs/" + e + "/rewards");
        assertThat(rewards.get("status").asText()).isEqualTo("settled");
        return rewards;
    }

    @Test
    void an_honest_claim_is_recorded_audited_accepted_and_paid_the_whole_pool() {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 3, 1_000_000));
        kit.openClaims(epoch);

        HttpResponse<String> r = kit.submit(claim.bytes());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode recorded = ApiClient.json(r);
        assertThat(recorded.get("status").asText()).isEqualTo("audit_pending");
        assertThat(recorded.get("claimedBytes").asLong()).isEqualTo(3_000_003);
        assertThat(recorded.get("leafCount").asInt()).isEqualTo(3);
        AuditChallenge challenge = ClaimKit.challenge(recorded);
        assertThat(challenge.indexes()).containsExactly(0, 1, 2); // k = 16 >= 3 leaves: every leaf is opened

        HttpResponse<String> a = kit.audit(node, epoch, claim.answer(challenge));
        assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
        assertThat(ApiClient.json(a).get("status").asText()).isEqualTo("accepted");
        assertThat(kit.get("/v1/epochs/" + epoch + "/rewards").get("status").asText()).isEqualTo("claiming");

        JsonNode rewards = awaitSettled(epoch);
        assertThat(rewards.get("pool").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(rewards.get("paid").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(rewards.get("verifiedBytes").asLong()).isEqualTo(3_000_003);
        JsonNode mine = rewards.get("nodes").get(0);
        assertThat(mine.get("node").asText()).isEqualTo(node.id());
        assertThat(mine.get("verifiedBytes").asLong()).isEqualTo(3_000_003);
        assertThat(mine.get("reward").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(mine.get("status").asText()).isEqualTo("accepted");
        assertThat(mine.get("reason").isNull()).isTrue();

        JsonNode earnings = kit.get("/v1/nodes/" + node.id() + "/earnings");
        assertThat(earnings.get("totalReward").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(earnings.get("pendingClaims").asLong()).isZero();
        assertThat(earnings.get("epochs").get(0).get("epoch").asLong()).isEqualTo(epoch);
    }

    @Test
    void resubmitting_the_same_claim_returns_the_same_challenge_and_another_claim_is_refused() {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 2, 500));
        kit.openClaims(epoch);
        HttpResponse<String> first = kit.submit(claim.bytes());
        assertThat(first.statusCode()).isEqualTo(201);
        HttpResponse<String> again = kit.submit(claim.bytes());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(ApiClient.json(again).get("challenge").asText())
                .isEqualTo(ApiClient.json(first).get("challenge").asText());

        ClaimKit.NodeClaim other = ClaimKit.claim(node, epoch, sessions(node, 2, 900));
        HttpResponse<String> conflict = kit.submit(other.bytes());
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(conflict).get("error").asText()).isEqualTo("claim_exists");
        assertThat(ApiClient.json(conflict).get("message").asText()).contains("already claimed epoch " + epoch);
    }

    @Test
    void refuses_a_claim_from_a_node_that_is_not_registered() throws Exception {
        try (TestNode offline = new TestNode(7, "127.0.0.17")) { // never registered
            ClaimKit.NodeClaim claim = ClaimKit.claim(offline, epoch, List.of(kit.session(100, offline, epoch, 10,
                    1000)));
            kit.openClaims(epoch);
            HttpResponse<String> r = kit.submit(claim.bytes());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(ApiClient.json(r).get("error").asText()).isEqualTo("unknown_node");
            assertThat(ApiClient.json(r).get("message").asText()).contains(offline.id()).contains("not registered");
        }
    }

    @Test
    void refuses_a_claim_whose_node_signature_is_forged() {
        byte[] bytes = ClaimKit.claim(node, epoch, sessions(node, 1, 10)).bytes();
        bytes[bytes.length - 1] ^= 1;
        kit.openClaims(epoch);
        HttpResponse<String> r = kit.submit(bytes);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(r).get("error").asText()).isEqualTo("bad_node_signature");
    }

    @Test
    void refuses_claims_before_the_epoch_ended_and_after_the_claim_window_closed() {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 1, 10));
        HttpResponse<String> early = kit.submit(claim.bytes());
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(early).get("error").asText()).isEqualTo("epoch_not_ended");

        kit.clock.set(kit.tracker.claims().schedule().claimsCloseAt(epoch));
        HttpResponse<String> late = kit.submit(claim.bytes());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(ApiClient.json(late).get("error").asText()).isEqualTo("epoch_closed");
    }

    @Test
    void refuses_bytes_that_are_not_a_claim_and_a_wrong_content_type() {
        kit.openClaims(epoch);
        HttpResponse<String> garbage = kit.submit(new byte[] {0x43, 1, 2, 3});
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(garbage).get("error").asText()).isEqualTo("malformed_claim");
        assertThat(ApiClient.json(garbage).get("message").asText()).contains("claim");

        HttpResponse<String> json = kit.post("/v1/claims", "{}".getBytes(), "application/json", null);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(ApiClient.json(json).get("message").asText()).contains("application/vnd.edgeweave.claim");
    }

    @Test
    void an_audit_answer_not_signed_by_the_node_is_refused_and_changes_nothing() {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 2, 10));
        kit.openClaims(epoch);
        AuditChallenge challenge = ClaimKit.challenge(ApiClient.json(kit.submit(claim.bytes())));
        HttpResponse<String> forged = kit.post("/v1/claims/" + node.id() + "/" + epoch + "/audit", new byte[] {1},
                "application/vnd.edgeweave.audit-response", ClaimKit.key(55));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(kit.get("/v1/claims/" + node.id() + "/" + epoch).get("status").asText()).isEqualTo("audit_pending");
        assertThat(ApiClient.json(kit.audit(node, epoch, claim.answer(challenge))).get("status").asText())
                .isEqualTo("accepted");
    }

    @Test
    void a_forged_viewer_signature_is_caught_by_the_audit_and_voids_the_claim() {
        List<ClaimKit.Session> s = sessions(node, 2, 1000);
        Ed25519KeyPair stranger = ClaimKit.key(56);
        ClaimKit.Session forged = new ClaimKit.Session(s.get(1).viewer(), s.get(1).token(),
                kit.receipt(s.get(1).token(), stranger, node, epoch, 1, 5_000));
        assertVoided(List.of(s.get(0), forged), "BAD_VIEWER_SIGNATURE");
    }

    @Test
    void an_expired_token_is_caught_by_the_audit_and_voids_the_claim() {
        Ed25519KeyPair viewer = ClaimKit.key(101);
        long now = kit.clock.millis();
        // valid for the first 10 ms of the epoch only; the receipt is signed after it expired
        SignedToken token = new ViewerToken(kit.publisher.publicKey(), viewer.publicKey(),
                dev.edgeweave.proof.wire.TokenId.random(new java.security.SecureRandom()), now - 20, now - 10, 1L << 30)
                .sign(kit.publisher);
        ClaimKit.Session expired = new ClaimKit.Session(viewer, token, kit.receipt(token, viewer, node, epoch, 1, 777));
        assertVoided(List.of(expired), "TOKEN_EXPIRED");
    }

    @Test
    void a_token_of_an_unknown_publisher_is_caught_by_the_audit_and_voids_the_claim() {
        Ed25519KeyPair rogue = ClaimKit.key(57); // never registered as a publisher
        Ed25519KeyPair viewer = ClaimKit.key(102);
        long now = kit.clock.millis();
        SignedToken token = new ViewerToken(rogue.publicKey(), viewer.publicKey(),
                dev.edgeweave.proof.wire.TokenId.random(new java.security.SecureRandom()), now, now + 3_600_000, 1L << 30)
                .sign(rogue);
        ClaimKit.Session s = new ClaimKit.Session(viewer, token, kit.receipt(token, viewer, node, epoch, 1, 999));
        assertVoided(List.of(s), "UNKNOWN_PUBLISHER");
    }

    @Test
    void a_receipt_replayed_from_an_earlier_epoch_is_caught_by_the_audit_and_voids_the_claim() {
        ClaimKit.Session old = kit.session(103, node, epoch, 4_000, 1L << 30);
        // the node puts its receipt of epoch e, relabelled, into its claim for epoch e + 1
        long next = epoch + 1;
        ClaimKit.Session replayed = new ClaimKit.Session(old.viewer(), old.token(), reEpoch(old.receipt(), next));
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, next, List.of(replayed));
        kit.openClaims(next);
        JsonNode answer = kit.claimAndAudit(node, claim);
        assertThat(answer.get("status").asText()).isEqualTo("voided");
        assertThat(answer.get("reason").get("code").asText()).isEqualTo("WRONG_EPOCH");
    }

    /** The old receipt's signed bytes with the epoch field rewritten: what a node must do to reuse it. */
    private static dev.edgeweave.proof.wire.SignedReceipt reEpoch(dev.edgeweave.proof.wire.SignedReceipt r, long epoch) {
        byte[] b = r.encoded();
        for (int i = 0; i < 8; i++) {
            b[50 + i] = (byte) (epoch >>> (56 - 8 * i));
        }
        try {
            return dev.edgeweave.proof.wire.SignedReceipt.decode(b);
        } catch (dev.edgeweave.proof.codec.DecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_claim_padded_with_fake_leaves_is_caught_by_the_audit() {
        List<ClaimKit.Session> s = new ArrayList<>(sessions(node, 4, 2_000));
        for (int i = 0; i < 4; i++) {
            // fake sessions: tokens the node made up, signed with a key that is no registered publisher's
            Ed25519KeyPair fakePublisher = ClaimKit.key(60 + i);
            Ed25519KeyPair viewer = ClaimKit.key(120 + i);
            long now = kit.clock.millis();
            SignedToken t = new ViewerToken(fakePublisher.publicKey(), viewer.publicKey(),
                    dev.edgeweave.proof.wire.TokenId.random(new java.security.SecureRandom()), now, now + 3_600_000,
                    1L << 40).sign(fakePublisher);
            s.add(new ClaimKit.Session(viewer, t, kit.receipt(t, viewer, node, epoch, 1, 1_000_000_000L)));
        }
        JsonNode answer = assertVoided(s, "UNKNOWN_PUBLISHER");
        assertThat(answer.get("leafCount").asInt()).isEqualTo(8);
    }

    @Test
    void a_claim_whose_audit_is_never_answered_is_voided_after_its_deadline() {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 1, 10));
        kit.openClaims(epoch);
        JsonNode recorded = ApiClient.json(kit.submit(claim.bytes()));
        kit.clock.set(recorded.get("auditDeadline").asLong() + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> kit.get("/v1/claims/" + node.id() + "/" + epoch)
                .get("status").asText().equals("voided")); // the tracker's own timer voids it
        JsonNode voided = kit.get("/v1/claims/" + node.id() + "/" + epoch);
        assertThat(voided.get("reason").get("code").asText()).isEqualTo("AUDIT_MISSING");
        assertThat(voided.get("reason").get("message").asText()).contains("no audit answer by the deadline");
        // a late answer changes nothing
        HttpResponse<String> late = kit.audit(node, epoch, claim.answer(ClaimKit.challenge(recorded)));
        assertThat(ApiClient.json(late).get("status").asText()).isEqualTo("voided");

        JsonNode rewards = awaitSettled(epoch);
        assertThat(rewards.get("paid").asLong()).isZero();
        assertThat(rewards.get("undistributed").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(rewards.get("nodes").get(0).get("reason").get("code").asText()).isEqualTo("AUDIT_MISSING");
        assertThat(rewards.get("nodes").get(0).get("reward").asLong()).isZero();
    }

    @Test
    void a_token_over_its_cap_across_two_nodes_is_credited_only_up_to_the_cap() throws Exception {
        TestNode second = kit.node(2);
        Ed25519KeyPair viewer = ClaimKit.key(104);
        SignedToken shared = kit.token(viewer, 10_000);
        ClaimKit.Session atFirst = new ClaimKit.Session(viewer, shared, kit.receipt(shared, viewer, node, epoch, 1, 7_000));
        ClaimKit.Session atSecond = new ClaimKit.Session(viewer, shared, kit.receipt(shared, viewer, second, epoch, 2,
                6_000));
        kit.openClaims(epoch);
        assertThat(kit.claimAndAudit(node, ClaimKit.claim(node, epoch, List.of(atFirst))).get("status").asText())
                .isEqualTo("accepted");
        kit.clock.advance(Duration.ofMillis(5)); // the second node claims later
        assertThat(kit.claimAndAudit(second, ClaimKit.claim(second, epoch, List.of(atSecond))).get("status")
                .asText()).isEqualTo("accepted");

        JsonNode rewards = awaitSettled(epoch);
        assertThat(rewards.get("verifiedBytes").asLong()).isEqualTo(10_000); // the token's cap, not 13,000
        JsonNode first = byNode(rewards, node);
        JsonNode late = byNode(rewards, second);
        assertThat(first.get("verifiedBytes").asLong()).isEqualTo(7_000);
        assertThat(first.get("overCap").isNull()).isTrue();
        assertThat(late.get("claimedBytes").asLong()).isEqualTo(6_000);
        assertThat(late.get("verifiedBytes").asLong()).isEqualTo(3_000);
        assertThat(late.get("overCap").get("entries").asLong()).isEqualTo(1);
        assertThat(late.get("overCap").get("bytes").asLong()).isEqualTo(3_000);
        assertThat(first.get("reward").asLong()).isEqualTo(700_000);
        assertThat(late.get("reward").asLong()).isEqualTo(300_000);

        // the cap holds in later epochs too: the token has nothing left
        long next = epoch + 1;
        kit.clock.set(kit.tracker.claims().schedule().startOf(next) + 10);
        ClaimKit.Session more = new ClaimKit.Session(viewer, shared, kit.receipt(shared, viewer, node, next, 3, 500));
        kit.openClaims(next);
        kit.claimAndAudit(node, ClaimKit.claim(node, next, List.of(more)));
        JsonNode after = awaitSettled(next);
        assertThat(byNode(after, node).get("verifiedBytes").asLong()).isZero();
        assertThat(after.get("undistributed").asLong()).isEqualTo(ClaimKit.POOL);
    }

    @Test
    void rewards_add_up_exactly_to_the_pool() throws Exception {
        List<TestNode> all = List.of(node, kit.node(2), kit.node(3));
        long[] bytes = {1_000_003, 333_333, 7};
        List<ClaimKit.NodeClaim> claims = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            claims.add(ClaimKit.claim(all.get(i), epoch, List.of(kit.session(110 + i, all.get(i), epoch, bytes[i],
                    1L << 40))));
        }
        kit.openClaims(epoch);
        for (int i = 0; i < all.size(); i++) {
            kit.claimAndAudit(all.get(i), claims.get(i));
        }
        JsonNode rewards = awaitSettled(epoch);
        long sum = 0;
        for (JsonNode n : rewards.get("nodes")) {
            sum += n.get("reward").asLong();
        }
        assertThat(sum).isEqualTo(ClaimKit.POOL);
        assertThat(rewards.get("paid").asLong()).isEqualTo(ClaimKit.POOL);
        assertThat(rewards.get("undistributed").asLong()).isZero();
        // 1,000,000 * 7 / 1,333,343 = 5.2: the node with the largest remainder gets the leftover unit
        assertThat(byNode(rewards, all.get(2)).get("reward").asLong()).isEqualTo(5);
    }

    @Test
    void recorded_claims_and_settlements_survive_a_tracker_restart() throws Exception {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions(node, 2, 100));
        kit.openClaims(epoch);
        JsonNode recorded = ApiClient.json(kit.submit(claim.bytes()));
        kit.restart();
        JsonNode after = kit.get("/v1/claims/" + node.id() + "/" + epoch);
        assertThat(after.get("claimDigest").asText()).isEqualTo(recorded.get("claimDigest").asText());
        assertThat(after.get("challenge").asText()).isEqualTo(recorded.get("challenge").asText());
        assertThat(ApiClient.json(kit.audit(node, epoch, claim.answer(ClaimKit.challenge(after)))).get("status")
                .asText()).isEqualTo("accepted");
        JsonNode settled = awaitSettled(epoch);
        kit.restart();
        assertThat(kit.get("/v1/epochs/" + epoch + "/rewards")).isEqualTo(settled);
    }

    @Test
    void publishes_the_epoch_schedule_nodes_follow() {
        JsonNode s = kit.get("/v1/epochs");
        assertThat(s.get("epochMillis").asLong()).isEqualTo(60_000);
        assertThat(s.get("receiptGraceMillis").asLong()).isEqualTo(6_000);
        assertThat(s.get("claimWindowMillis").asLong()).isEqualTo(60_000);
        assertThat(s.get("auditSamples").asInt()).isEqualTo(16);
        assertThat(s.get("currentEpoch").asLong()).isEqualTo(epoch);
    }

    @Test
    void unknown_claims_epochs_and_nodes_get_errors_that_name_the_problem() {
        HttpResponse<String> noClaim = kit.api.get("/v1/claims/" + node.id() + "/5");
        assertThat(noClaim.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(noClaim).get("error").asText()).isEqualTo("unknown_claim");
        HttpResponse<String> badEpoch = kit.api.get("/v1/epochs/minus-one/rewards");
        assertThat(badEpoch.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(badEpoch).get("message").asText()).contains("epoch: 'minus-one'");
        HttpResponse<String> badNode = kit.api.get("/v1/nodes/" + "ab".repeat(32) + "/earnings");
        assertThat(badNode.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(badNode).get("error").asText()).isEqualTo("unknown_node");
        HttpResponse<String> wrongMethod = kit.api.get("/v1/claims");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    }

    private JsonNode assertVoided(List<ClaimKit.Session> sessions, String code) {
        ClaimKit.NodeClaim claim = ClaimKit.claim(node, epoch, sessions);
        kit.openClaims(epoch);
        JsonNode answer = kit.claimAndAudit(node, claim);
        assertThat(answer.get("status").asText()).isEqualTo("voided");
        assertThat(answer.get("reason").get("code").asText()).isEqualTo(code);
        assertThat(answer.get("reason").get("message").asText()).isNotBlank();
        JsonNode rewards = awaitSettled(epoch);
        JsonNode mine = byNode(rewards, node);
        assertThat(mine.get("status").asText()).isEqualTo("voided");
        assertThat(mine.get("reason").get("code").asText()).isEqualTo(code);
        assertThat(mine.get("reward").asLong()).isZero();
        return answer;
    }

    private static JsonNode byNode(JsonNode rewards, TestNode n) {
        for (JsonNode x : rewards.get("nodes")) {
            if (x.get("node").asText().equals(n.id())) {
                return x;
            }
        }
        throw new AssertionError("node " + n.id() + " not in " + rewards);
    }
}
