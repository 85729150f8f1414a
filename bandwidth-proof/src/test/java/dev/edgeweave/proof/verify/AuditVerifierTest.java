package dev.edgeweave.proof.verify;

import static dev.edgeweave.proof.Fixtures.PUBLISHERS;
import static dev.edgeweave.proof.Fixtures.SCHEDULE;
import static dev.edgeweave.proof.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.crypto.Sha256;
import dev.edgeweave.proof.merkle.MerkleProof;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ViewerToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AuditVerifierTest {

    private final AuditVerifier verifier = new AuditVerifier(SCHEDULE, PUBLISHERS);

    private static byte[] beacon(int i) {
        return Sha256.hash(new byte[] {(byte) i, (byte) (i >> 8), 42});
    }

    /**
     * One bad session among otherwise honest ones, in a claim built by hand (as a dishonest node
     * would); k = all leaves so the bad one is always sampled.
     */
    private Verdict auditWithOneBadSession(UnaryOperator<ViewerToken> tokenEdit, UnaryOperator<Receipt> receiptEdit) {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE).honest(1, 100).honest(2, 200)
                .session(3, 300, tokenEdit, Fixtures.VIEWER, receiptEdit);
        ClaimScenario.Handmade h = s.buildByHand();
        AuditChallenge c = AuditChallenge.forClaim(h.claim(), beacon(0), 3);
        return verifier.verify(h.claim(), c, h.respond(c));
    }

    private static RejectCode code(Verdict v) {
        return v.codeOrNull();
    }

    @Test
    void accepts_an_honest_claim_answered_in_full() {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE);
        for (int i = 0; i < 50; i++) {
            s.honest(i, 1000 + i);
        }
        BuiltClaim built = s.build();
        AuditChallenge c = AuditChallenge.forClaim(built.signedClaim(), beacon(1), 30);
        AuditResponse r = built.respond(c, s::token);
        assertThat(verifier.verify(built.signedClaim(), c, r)).isEqualTo(Verdict.accepted());
        // and through the wire encoding
        assertThat(verifier.verify(built.signedClaim(), c, r.encode()).isAccepted()).isTrue();
    }

    @Test
    void refuses_forged_viewer_signature() {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE).honest(1, 100).forged(2, 200);
        BuiltClaim built = s.build();
        AuditChallenge c = AuditChallenge.forClaim(built.signedClaim(), beacon(0), 2);
        Verdict v = verifier.verify(built.signedClaim(), c, built.respond(c, s::token));
        assertThat(code(v)).isEqualTo(RejectCode.BAD_VIEWER_SIGNATURE);
        assertThat(((Verdict.Rejected) v).reason()).startsWith("leaf 1: ").contains("bad viewer signature");
    }

    @Test
    void refuses_expired_token() {
        Verdict v = auditWithOneBadSession(t -> new ViewerToken(t.publisher(), t.viewer(), t.tokenId(), T0 - 10_000,
                T0 + 50_000, t.byteCap()), r -> r);
        assertThat(code(v)).isEqualTo(RejectCode.TOKEN_EXPIRED);
    }

    @Test
    void refuses_token_not_yet_valid_when_receipt_was_signed() {
        Verdict v = auditWithOneBadSession(t -> new ViewerToken(t.publisher(), t.viewer(), t.tokenId(), T0 + 200_000,
                T0 + 900_000, t.byteCap()), r -> r);
        assertThat(code(v)).isEqualTo(RejectCode.TOKEN_NOT_YET_VALID);
    }

    @Test
    void refuses_token_of_an_unknown_publisher() {
        Verdict v = auditWithOneBadSession(t -> new ViewerToken(Fixtures.STRANGER.publicKey(), t.viewer(), t.tokenId(),
                t.notBeforeMillis(), t.expiresMillis(), t.byteCap()), r -> r);
        assertThat(code(v)).isEqualTo(RejectCode.UNKNOWN_PUBLISHER);
        assertThat(((Verdict.Rejected) v).reason()).contains(Fixtures.STRANGER.publicKey().hex());
    }

    @Test
    void refuses_receipt_over_its_token_cap() {
        Verdict v = auditWithOneBadSession(t -> new ViewerToken(t.publisher(), t.viewer(), t.tokenId(),
                t.notBeforeMillis(), t.expiresMillis(), 299), r -> r);
        assertThat(code(v)).isEqualTo(RejectCode.OVER_CAP);
    }

    @Test
    void refuses_receipt_of_another_epoch_replayed_into_this_claim() {
        Verdict v = auditWithOneBadSession(t -> t, x -> new Receipt(x.tokenId(), x.node(), x.epoch() - 1, x.serial(),
                x.bytes(), x.timestampMillis() - Fixtures.EPOCH_MILLIS));
        assertThat(code(v)).isEqualTo(RejectCode.WRONG_EPOCH);
        // Same epoch number but signed long before the epoch began.
        Verdict ts = auditWithOneBadSession(t -> new ViewerToken(t.publisher(), t.viewer(), t.tokenId(), 0,
                t.expiresMillis(), t.byteCap()), x -> new Receipt(x.tokenId(), x.node(), x.epoch(), x.serial(), x.bytes(),
                x.timestampMillis() - 2 * Fixtures.EPOCH_MILLIS));
        assertThat(code(ts)).isEqualTo(RejectCode.WRONG_EPOCH);
    }

    @Test
    void refuses_another_nodes_receipt() {
        Verdict v = auditWithOneBadSession(t -> t, x -> new Receipt(x.tokenId(), Fixtures.OTHER_NODE.publicKey(),
                x.epoch(), x.serial(), x.bytes(), x.timestampMillis()));
        assertThat(code(v)).isEqualTo(RejectCode.WRONG_NODE);
    }

    @Test
    void builder_refuses_what_an_audit_would_refuse() {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE).honest(1, 100).session(2, 5, t -> t, Fixtures.VIEWER,
                x -> new Receipt(x.tokenId(), Fixtures.OTHER_NODE.publicKey(), x.epoch(), 1, 5, x.timestampMillis()));
        org.assertj.core.api.Assertions.assertThatThrownBy(s::build).hasMessageContaining("].node: ");
        ClaimScenario e = new ClaimScenario(Fixtures.NODE).honest(1, 100).session(2, 5, t -> t, Fixtures.VIEWER,
                x -> new Receipt(x.tokenId(), x.node(), x.epoch() + 1, 1, 5, x.timestampMillis()));
        org.assertj.core.api.Assertions.assertThatThrownBy(e::build).hasMessageContaining("].epoch: ");
        ClaimScenario d = new ClaimScenario(Fixtures.NODE).honest(1, 100).honest(1, 120);
        org.assertj.core.api.Assertions.assertThatThrownBy(d::build).hasMessageContaining("appears twice");
    }

    @Test
    void refuses_bad_merkle_path_leaf_mismatch_and_incomplete_answers() {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE);
        for (int i = 0; i < 9; i++) {
            s.honest(i, 100 + i);
        }
        BuiltClaim built = s.build();
        AuditChallenge c = AuditChallenge.forClaim(built.signedClaim(), beacon(5), 3);
        AuditResponse good = built.respond(c, s::token);
        List<AuditItem> items = good.items();

        // A path for another leaf.
        AuditItem first = items.get(0);
        int other = (first.index() + 1) % 9;
        MerkleProof wrong = MerkleProof.of(first.index(), 9, concat(built.tree().proof(other)));
        List<AuditItem> badPath = new ArrayList<>(items);
        badPath.set(0, new AuditItem(first.index(), first.receipt(), first.token(), wrong));
        assertThat(code(verifier.verify(built.signedClaim(), c, new AuditResponse(c.claimDigest(), 9, badPath))))
                .isIn(RejectCode.BAD_MERKLE_PATH);

        // The receipt of another leaf with its own valid path, presented for this index.
        AuditItem swapped = new AuditItem(first.index(), built.leaves().get(other), s.token(
                built.leaves().get(other).receipt().tokenId()).orElseThrow(), built.tree().proof(first.index()));
        List<AuditItem> swap = new ArrayList<>(items);
        swap.set(0, swapped);
        assertThat(code(verifier.verify(built.signedClaim(), c, new AuditResponse(c.claimDigest(), 9, swap))))
                .isEqualTo(RejectCode.BAD_MERKLE_PATH);

        // Missing item, reordered items.
        assertThat(code(verifier.verify(built.signedClaim(), c,
                new AuditResponse(c.claimDigest(), 9, items.subList(0, 2))))).isEqualTo(RejectCode.AUDIT_INCOMPLETE);
        List<AuditItem> reordered = new ArrayList<>(items);
        java.util.Collections.reverse(reordered);
        assertThat(code(verifier.verify(built.signedClaim(), c, new AuditResponse(c.claimDigest(), 9, reordered))))
                .isEqualTo(RejectCode.AUDIT_INCOMPLETE);

        // A challenge whose indexes were not drawn from its beacon.
        AuditChallenge rigged = new AuditChallenge(c.node(), c.epoch(), c.claimDigest(), c.beacon(), 9, new int[] {0});
        assertThat(code(verifier.verify(built.signedClaim(), rigged, good))).isEqualTo(RejectCode.WRONG_CHALLENGE);
        // Garbage bytes.
        assertThat(code(verifier.verify(built.signedClaim(), c, new byte[] {0x50, 1}))).isEqualTo(RejectCode.MALFORMED);
    }

    @Test
    void refuses_claim_entry_that_overstates_the_receipt() {
        // The node claims 10x the bytes its receipt states for one session: leaf mismatch when sampled.
        ClaimScenario s = new ClaimScenario(Fixtures.NODE).honest(1, 100).honest(2, 200);
        BuiltClaim built = s.build();
        byte[] enc = built.signedClaim().encoded();
        // entry 1 bytes live at HEADER + 32 + 16; rewrite and re-sign as a dishonest node would.
        dev.edgeweave.proof.wire.Claim orig = built.signedClaim().claim();
        var entries = new ArrayList<>(orig.entries());
        var e1 = entries.get(1);
        entries.set(1, new dev.edgeweave.proof.wire.ClaimEntry(e1.tokenId(), 2000, e1.byteCap()));
        var lying = dev.edgeweave.proof.wire.Claim.of(orig.node(), orig.epoch(), entries, orig.merkleRoot())
                .sign(Fixtures.NODE);
        assertThat(enc).isNotEqualTo(lying.encoded());
        AuditChallenge c = AuditChallenge.forClaim(lying, beacon(0), 2);
        AuditResponse honestAnswer = built.respond(AuditChallenge.forClaim(built.signedClaim(), beacon(0), 2), s::token);
        AuditResponse r = new AuditResponse(lying.digest(), 2, honestAnswer.items());
        Verdict v = verifier.verify(lying, c, r);
        assertThat(code(v)).isEqualTo(RejectCode.LEAF_MISMATCH);
    }

    /**
     * A node pads an honest claim of 90 sessions with 10 forged ones (f = 0.1). Over 400
     * independent beacons with k = 10, the audit must catch it at the rate the formula states:
     * 1 - C(90,10)/C(100,10) = 0.6695.
     */
    @Test
    void catches_fake_leaves_at_the_stated_probability() {
        ClaimScenario s = new ClaimScenario(Fixtures.NODE);
        for (int i = 0; i < 100; i++) {
            if (i % 10 == 3) {
                s.forged(i, 500);
            } else {
                s.honest(i, 500);
            }
        }
        BuiltClaim built = s.build();
        int trials = 400;
        int caught = 0;
        for (int t = 0; t < trials; t++) {
            AuditChallenge c = AuditChallenge.forClaim(built.signedClaim(), beacon(t), 10);
            Verdict v = verifier.verify(built.signedClaim(), c, built.respond(c, s::token));
            if (!v.isAccepted()) {
                assertThat(code(v)).isEqualTo(RejectCode.BAD_VIEWER_SIGNATURE);
                caught++;
            }
        }
        double expected = AuditChallenge.catchProbability(100, 10, 10);
        assertThat(expected).isCloseTo(0.6695, within(0.0001));
        // 4 standard deviations of a binomial(400, 0.67) rate: 0.094.
        assertThat((double) caught / trials).isCloseTo(expected, within(0.094));
    }

    private static byte[] concat(MerkleProof p) {
        byte[] out = new byte[p.siblingCount() * 32];
        for (int i = 0; i < p.siblingCount(); i++) {
            System.arraycopy(p.sibling(i), 0, out, i * 32, 32);
        }
        return out;
    }

    @Test
    void fixed_directory_knows_only_its_publishers() {
        assertThat(PublisherDirectory.of(Set.of(Fixtures.PUBLISHER.publicKey()))
                .isRegistered(Fixtures.STRANGER.publicKey())).isFalse();
    }
}
