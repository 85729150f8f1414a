package dev.edgeweave.tracker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.tracker.store.Store;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's transactions, run against each database the tracker supports ({@link SqliteLedgerTest},
 * {@link PostgresLedgerTest}).
 */
abstract class LedgerTest {

    static final long EPOCH = 12;

    @TempDir
    Path dir;
    String url;
    Store store;
    Ledger ledger;

    /** A JDBC URL of a fresh, empty database. */
    abstract String newDatabaseUrl() throws Exception;

    @BeforeEach
    void open() throws Exception {
        url = newDatabaseUrl();
        store = Store.open(url);
        ledger = new Ledger(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static Ed25519KeyPair key(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        return Ed25519KeyPair.fromSeed(s);
    }

    static TokenId token(int i) {
        byte[] b = new byte[16];
        b[0] = (byte) i;
        return TokenId.of(b);
    }

    /** A claim of node {@code seed} for {@link #EPOCH} over one token per {@code bytes} entry (caps 1,000). */
    static SignedClaim claim(int seed, long... bytes) {
        Ed25519KeyPair node = key(seed);
        Ed25519KeyPair viewer = key(200);
        List<SignedReceipt> receipts = new java.util.ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            receipts.add(new Receipt(token(i + 1), node.publicKey(), EPOCH, 1, bytes[i], 1_000).sign(viewer));
        }
        return ClaimBuilder.build(node, EPOCH, receipts, id -> OptionalLong.of(1_000)).signedClaim();
    }

    static String digest(SignedClaim c) {
        return HexFormat.of().formatHex(c.digest());
    }

    @Test
    void records_a_claim_once_and_keeps_its_bytes() {
        SignedClaim c = claim(1, 100, 200);
        assertThat(ledger.insert(c, digest(c), 16, 5_000, 9_000)).isTrue();
        assertThat(ledger.insert(c, digest(c), 16, 6_000, 9_999)).isFalse();
        Ledger.StoredClaim stored = ledger.find(c.claim().node().hex(), EPOCH).orElseThrow();
        assertThat(stored.claim()).isEqualTo(c);
        ClaimRow row = stored.row();
        assertThat(row.status()).isEqualTo(ClaimStatus.AUDIT_PENDING);
        assertThat(row.receivedAt()).isEqualTo(5_000);
        assertThat(row.auditDeadline()).isEqualTo(9_000);
        assertThat(row.claimedBytes()).isEqualTo(300);
        assertThat(row.leafCount()).isEqualTo(2);
        assertThat(row.beacon()).isNull();
        assertThat(row.settled()).isFalse();
    }

    @Test
    void the_first_beacon_drawn_stays() {
        SignedClaim c = claim(1, 1);
        ledger.insert(c, digest(c), 16, 1, 2);
        byte[] first = new byte[32];
        first[0] = 1;
        byte[] second = new byte[32];
        second[0] = 2;
        assertThat(ledger.drawBeacon(c.claim().node().hex(), EPOCH, first).beacon()).isEqualTo(first);
        assertThat(ledger.drawBeacon(c.claim().node().hex(), EPOCH, second).beacon()).isEqualTo(first);
    }

    @Test
    void an_audit_ends_once() {
        SignedClaim c = claim(1, 1);
        String node = c.claim().node().hex();
        ledger.insert(c, digest(c), 16, 1, 2);
        assertThat(ledger.finishAudit(node, EPOCH, ClaimStatus.VOIDED, "BAD_MERKLE_PATH", "leaf 0: no", 3, Map.of()))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ClaimStatus.VOIDED));
        assertThat(ledger.finishAudit(node, EPOCH, ClaimStatus.ACCEPTED, null, null, 4, Map.of())).isEmpty();
        ClaimRow row = ledger.find(node, EPOCH).orElseThrow().row();
        assertThat(row.reasonCode()).isEqualTo("BAD_MERKLE_PATH");
        assertThat(row.reason()).isEqualTo("leaf 0: no");
        assertThat(row.finishedAt()).isEqualTo(3);
    }

    @Test
    void lists_pending_audits_past_their_deadline() {
        SignedClaim a = claim(1, 1);
        SignedClaim b = claim(2, 1);
        ledger.insert(a, digest(a), 16, 1, 100);
        ledger.insert(b, digest(b), 16, 1, 200);
        assertThat(ledger.expiredAudits(150)).extracting(ClaimRow::node).containsExactly(a.claim().node().hex());
        assertThat(ledger.expiredAudits(99)).isEmpty();
    }

    @Test
    void settles_an_epoch_once_with_caps_across_nodes_and_an_exact_split() {
        SignedClaim first = claim(1, 700, 10);
        SignedClaim second = claim(2, 600);
        ledger.insert(first, digest(first), 16, 10, 100);
        ledger.insert(second, digest(second), 16, 20, 100);
        SignedClaim voided = claim(3, 999);
        ledger.insert(voided, digest(voided), 16, 5, 100);
        ledger.finishAudit(first.claim().node().hex(), EPOCH, ClaimStatus.ACCEPTED, null, null, 30,
                Map.of(token(1), 1_000L));
        ledger.finishAudit(second.claim().node().hex(), EPOCH, ClaimStatus.ACCEPTED, null, null, 31, Map.of());
        ledger.finishAudit(voided.claim().node().hex(), EPOCH, ClaimStatus.VOIDED, "LEAF_MISMATCH", "x", 32, Map.of());
        assertThat(ledger.unsettledEpochs()).containsExactly(EPOCH);

        Settlement.Result r = ledger.settle(EPOCH, 1_010, 50, "missing").orElseThrow();
        assertThat(r.verifiedBytes()).isEqualTo(1_010); // 700 + 10 + (1,000 - 700)
        assertThat(ledger.settle(EPOCH, 1_010, 60, "missing")).isEmpty();
        assertThat(ledger.unsettledEpochs()).isEmpty();

        ClaimRow a = ledger.find(first.claim().node().hex(), EPOCH).orElseThrow().row();
        ClaimRow b = ledger.find(second.claim().node().hex(), EPOCH).orElseThrow().row();
        ClaimRow v = ledger.find(voided.claim().node().hex(), EPOCH).orElseThrow().row();
        assertThat(a.verifiedBytes()).isEqualTo(710);
        assertThat(a.reward()).isEqualTo(710);
        assertThat(b.verifiedBytes()).isEqualTo(300);
        assertThat(b.overCapBytes()).isEqualTo(300);
        assertThat(b.reward()).isEqualTo(300);
        assertThat(v.reward()).isZero();
        assertThat(v.verifiedBytes()).isZero();
        assertThat(ledger.credited(token(1))).isEqualTo(1_000);
        assertThat(ledger.credited(token(2))).isEqualTo(10);
        EpochRow e = ledger.epoch(EPOCH).orElseThrow();
        assertThat(e.paid() + e.undistributed()).isEqualTo(1_010);
        assertThat(e.settledAt()).isEqualTo(50);
        assertThat(ledger.totalReward(first.claim().node().hex())).isEqualTo(710);
        assertThat(ledger.claimsOf(EPOCH)).hasSize(3);
        assertThat(ledger.claimsOfNode(first.claim().node().hex(), 10)).extracting(ClaimRow::epoch)
                .containsExactly(EPOCH);
    }

    @Test
    void settling_voids_audits_still_pending() {
        SignedClaim c = claim(1, 5);
        ledger.insert(c, digest(c), 16, 1, 100);
        Settlement.Result r = ledger.settle(EPOCH, 10, 500, "no audit answer by the deadline").orElseThrow();
        assertThat(r.undistributed()).isEqualTo(10);
        ClaimRow row = ledger.find(c.claim().node().hex(), EPOCH).orElseThrow().row();
        assertThat(row.status()).isEqualTo(ClaimStatus.VOIDED);
        assertThat(row.reasonCode()).isEqualTo(Ledger.AUDIT_MISSING);
        assertThat(row.reward()).isZero();
    }
}
