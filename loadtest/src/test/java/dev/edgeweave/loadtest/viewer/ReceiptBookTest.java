package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiptBookTest {

    final SecureRandom random = new SecureRandom();
    final Ed25519KeyPair publisher = Ed25519KeyPair.generate(random);
    final Ed25519KeyPair viewer = Ed25519KeyPair.generate(random);
    final String nodeA = Ed25519KeyPair.generate(random).publicKey().hex();
    final String nodeB = Ed25519KeyPair.generate(random).publicKey().hex();
    final InetSocketAddress addrA = new InetSocketAddress("127.0.0.11", 8080);
    final InetSocketAddress addrB = new InetSocketAddress("127.0.0.12", 8080);
    final AtomicLong now = new AtomicLong(1_732_531_200_000L);
    final SignedToken token = new TokenIssuer(publisher, Clock.fixed(Instant.ofEpochMilli(now.get()), ZoneOffset.UTC),
            random).issue(viewer.publicKey(), Duration.ofHours(1), 1L << 30);

    @Test
    void receipts_are_cumulative_per_node_and_epoch_and_signed_by_the_token_viewer() throws Exception {
        ReceiptBook book = new ReceiptBook(viewer, token, now::get);
        book.count(nodeA, 7, addrA, 1000);
        book.count(nodeA, 7, addrA, 500);
        book.count(nodeB, 7, addrB, 300);
        ReceiptBook.Batch a = book.take(addrA);
        assertThat(a.receipts()).hasSize(1);
        SignedReceipt r = a.receipts().get(0);
        r.verify(token);
        assertThat(r.receipt().bytes()).isEqualTo(1500);
        assertThat(r.receipt().epoch()).isEqualTo(7);
        assertThat(r.receipt().node().hex()).isEqualTo(nodeA);
        assertThat(ReceiptBatch.decode(a.body())).containsExactly(r);
        book.acked(a);
        assertThat(book.take(addrA)).as("nothing new for A").isNull();
        assertThat(book.pendingAddresses()).containsExactly(addrB);
        book.count(nodeA, 7, addrA, 250);
        assertThat(book.take(addrA).receipts().get(0).receipt().bytes()).isEqualTo(1750);
    }

    @Test
    void serials_increase_strictly_even_within_one_millisecond_and_a_refused_batch_is_resent() {
        ReceiptBook book = new ReceiptBook(viewer, token, now::get);
        book.count(nodeA, 1, addrA, 10);
        book.count(nodeA, 2, addrA, 20);
        List<SignedReceipt> first = book.take(addrA).receipts();
        assertThat(first).hasSize(2);
        List<SignedReceipt> again = book.take(addrA).receipts(); // not acknowledged: signed again, later serials
        assertThat(first.get(1).receipt().serial()).isGreaterThan(first.get(0).receipt().serial());
        assertThat(again.get(0).receipt().serial()).isGreaterThan(first.get(1).receipt().serial());
        assertThat(book.acked()).allSatisfy((acct, bytes) -> assertThat(bytes).isZero());
        assertThat(book.counted()).containsEntry(new ViewerResult.Account(nodeA, 2), 20L);
    }

    @Test
    void a_partly_refused_batch_acknowledges_only_the_receipts_the_node_took() {
        ReceiptBook book = new ReceiptBook(viewer, token, now::get);
        book.count(nodeA, 1, addrA, 10);
        book.count(nodeA, 2, addrA, 20);
        ReceiptBook.Batch b = book.take(addrA);
        book.acked(b, java.util.Set.of(1, 7));
        assertThat(book.acked()).containsEntry(new ViewerResult.Account(nodeA, 1), 0L)
                .containsEntry(new ViewerResult.Account(nodeA, 2), 20L);
        assertThat(book.take(addrA).receipts()).singleElement()
                .satisfies(r -> assertThat(r.receipt().epoch()).isEqualTo(1));
    }

    @Test
    void refuses_a_key_that_is_not_the_tokens_viewer() {
        assertThatThrownBy(() -> new ReceiptBook(publisher, token, now::get))
                .hasMessageContaining("expected: the token's viewer " + viewer.publicKey().hex());
    }
}
