package dev.edgeweave.proof.store;

import static dev.edgeweave.proof.Fixtures.EPOCH;
import static dev.edgeweave.proof.Fixtures.NODE;
import static dev.edgeweave.proof.Fixtures.PUBLISHERS;
import static dev.edgeweave.proof.Fixtures.SCHEDULE;
import static dev.edgeweave.proof.Fixtures.T0;
import static dev.edgeweave.proof.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.verify.RejectCode;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.ViewerToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ReceiptStoreTest {

    private static final long NOW = T0 + 120_000;
    private static final long SERVED = 1_000_000;

    private final ReceiptStore store = new ReceiptStore(NODE.publicKey(), SCHEDULE, PUBLISHERS);
    private final SignedToken token = Fixtures.signedToken(0);

    private Verdict offer(long serial, long bytes) {
        return store.offer(Fixtures.signedReceipt(0, serial, bytes), token, SERVED, NOW);
    }

    private static RejectCode code(Verdict v) {
        return v.codeOrNull();
    }

    @Test
    void keeps_only_the_latest_receipt_per_token_and_epoch() {
        assertThat(offer(1, 100).isAccepted()).isTrue();
        assertThat(offer(2, 250).isAccepted()).isTrue();
        assertThat(offer(5, 250).isAccepted()).isTrue();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.latest(Fixtures.tokenId(0), EPOCH).orElseThrow().receipt().serial()).isEqualTo(5);
        assertThat(store.acceptedBytes(Fixtures.tokenId(0), EPOCH)).isEqualTo(250);
        assertThat(store.token(Fixtures.tokenId(0))).contains(token);
        assertThat(store.byteCap(Fixtures.tokenId(0))).hasValue(1_000_000_000L);
    }

    @Test
    void a_token_with_a_forged_signature_is_refused_even_after_the_genuine_token_was_accepted() throws Exception {
        assertThat(offer(1, 100).isAccepted()).isTrue(); // the genuine token is now known to the store
        byte[] forged = token.encoded().clone();
        forged[forged.length - 1] ^= 0x01;
        Verdict v = store.offer(Fixtures.signedReceipt(0, 2, 200), SignedToken.decode(forged), SERVED, NOW);
        assertThat(code(v)).isEqualTo(RejectCode.BAD_TOKEN_SIGNATURE);
        assertThat(offer(3, 300).isAccepted()).isTrue(); // the genuine one keeps working (no re-check needed)
    }

    @Test
    void refuses_replayed_receipt() {
        assertThat(offer(3, 100).isAccepted()).isTrue();
        assertThat(code(offer(3, 100))).isEqualTo(RejectCode.REPLAYED);
        // Same serial, different content: also refused, the first stays.
        assertThat(code(offer(3, 200))).isEqualTo(RejectCode.REPLAYED);
        assertThat(store.acceptedBytes(Fixtures.tokenId(0), EPOCH)).isEqualTo(100);
    }

    @Test
    void refuses_receipt_with_lower_serial() {
        assertThat(offer(5, 100).isAccepted()).isTrue();
        Verdict v = offer(4, 200);
        assertThat(code(v)).isEqualTo(RejectCode.SERIAL_NOT_MONOTONIC);
        assertThat(((Verdict.Rejected) v).reason()).contains("serial 4").contains("expected: > 5");
    }

    @Test
    void refuses_fewer_cumulative_bytes() {
        assertThat(offer(1, 500).isAccepted()).isTrue();
        assertThat(code(offer(2, 499))).isEqualTo(RejectCode.BYTES_DECREASED);
    }

    @Test
    void refuses_more_bytes_than_the_node_served() {
        Verdict v = store.offer(Fixtures.signedReceipt(0, 1, SERVED + 1), token, SERVED, NOW);
        assertThat(code(v)).isEqualTo(RejectCode.OVER_SERVED);
    }

    @Test
    void refuses_receipt_for_another_node() {
        SignedReceipt r = new Receipt(Fixtures.tokenId(0), Fixtures.OTHER_NODE.publicKey(), EPOCH, 1, 10, T0 + 100_000)
                .sign(VIEWER);
        assertThat(code(store.offer(r, token, SERVED, NOW))).isEqualTo(RejectCode.WRONG_NODE);
    }

    @Test
    void refuses_receipt_for_a_closed_epoch() {
        long later = SCHEDULE.endOf(EPOCH) + SCHEDULE.receiptGraceMillis();
        Verdict v = store.offer(Fixtures.signedReceipt(0, 1, 10), token, SERVED, later);
        assertThat(code(v)).isEqualTo(RejectCode.EPOCH_CLOSED);
        assertThat(store.offer(Fixtures.signedReceipt(0, 1, 10), token, SERVED, later - 1).isAccepted()).isTrue();
    }

    @Test
    void refuses_forged_viewer_signature_and_mismatched_token() {
        SignedReceipt forged = Fixtures.receipt(0, 1, 10).sign(Fixtures.STRANGER);
        assertThat(code(store.offer(forged, token, SERVED, NOW))).isEqualTo(RejectCode.BAD_VIEWER_SIGNATURE);
        assertThat(code(store.offer(Fixtures.signedReceipt(0, 1, 10), Fixtures.signedToken(1), SERVED, NOW)))
                .isEqualTo(RejectCode.TOKEN_MISMATCH);
        assertThat(store.size()).isZero();
    }

    @Test
    void refuses_expired_token_unknown_publisher_and_over_cap() {
        SignedToken expired = new ViewerToken(Fixtures.PUBLISHER.publicKey(), VIEWER.publicKey(), Fixtures.tokenId(0),
                T0 - 100_000, T0 + 50_000, 1000).sign(Fixtures.PUBLISHER);
        assertThat(code(store.offer(Fixtures.signedReceipt(0, 1, 10), expired, SERVED, NOW)))
                .isEqualTo(RejectCode.TOKEN_EXPIRED);
        SignedToken stranger = new ViewerToken(Fixtures.STRANGER.publicKey(), VIEWER.publicKey(), Fixtures.tokenId(0),
                T0, T0 + 500_000, 1000).sign(Fixtures.STRANGER);
        assertThat(code(store.offer(Fixtures.signedReceipt(0, 1, 10), stranger, SERVED, NOW)))
                .isEqualTo(RejectCode.UNKNOWN_PUBLISHER);
        SignedToken small = new ViewerToken(Fixtures.PUBLISHER.publicKey(), VIEWER.publicKey(), Fixtures.tokenId(0),
                T0, T0 + 500_000, 1000).sign(Fixtures.PUBLISHER);
        assertThat(code(store.offer(Fixtures.signedReceipt(0, 1, 1001), small, SERVED, NOW)))
                .isEqualTo(RejectCode.OVER_CAP);
    }

    @Test
    void concurrent_offers_keep_the_highest_serial() throws Exception {
        List<SignedReceipt> receipts = new ArrayList<>();
        for (int s = 1; s <= 200; s++) {
            receipts.add(Fixtures.signedReceipt(0, s, s * 10L));
        }
        java.util.Collections.shuffle(receipts, new java.util.Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Verdict>> fs = new ArrayList<>();
            for (SignedReceipt r : receipts) {
                fs.add(pool.submit(() -> store.offer(r, token, SERVED, NOW)));
            }
            for (Future<Verdict> f : fs) {
                Verdict v = f.get();
                assertThat(v.isAccepted() || v.codeOrNull() == RejectCode.SERIAL_NOT_MONOTONIC).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        // The highest serial either won or arrived after a lower one: it is always the one kept.
        assertThat(store.latest(Fixtures.tokenId(0), EPOCH).orElseThrow().receipt().serial()).isEqualTo(200);
    }

    @Test
    void lists_latest_sorted_and_drops_old_epochs() {
        for (int i = 5; i >= 0; i--) {
            assertThat(store.offer(Fixtures.signedReceipt(i, 1, 10 + i), Fixtures.signedToken(i), SERVED, NOW)
                    .isAccepted()).isTrue();
        }
        List<SignedReceipt> latest = store.latest(EPOCH);
        assertThat(latest).extracting(r -> r.receipt().tokenId()).isSorted().hasSize(6);
        assertThat(store.tokens(EPOCH)).hasSize(6);
        store.dropEpochsBefore(EPOCH + 1);
        assertThat(store.size()).isZero();
        assertThat(store.token(Fixtures.tokenId(0))).isEmpty();
    }
}
