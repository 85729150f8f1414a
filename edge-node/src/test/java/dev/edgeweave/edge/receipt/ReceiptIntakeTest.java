package dev.edgeweave.edge.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.viewer.FetchResult;
import dev.edgeweave.proof.viewer.ViewerConfig;
import dev.edgeweave.proof.viewer.ViewerSession;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's receipt intake over real HTTP: a real edge node serving a real origin counts bytes per
 * viewer token, and takes or refuses signed receipts with a reason per receipt; accepted receipts are
 * on disk before the answer and survive a restart.
 */
class ReceiptIntakeTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ReceiptFixture f;
    Ed25519KeyPair viewer = ReceiptFixture.key(0x22);
    SignedToken token;

    @BeforeEach
    void start() throws Exception {
        f = new ReceiptFixture(dir).start();
        token = f.token(viewer, 1L << 30);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Fetches {@code n} bytes under the token and returns the node's epoch header. */
    private long serve(int n) {
        HttpResponse<byte[]> r = f.fetch("/seg-" + n + ".ts", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(n);
        return Long.parseLong(r.headers().firstValue("EdgeWeave-Epoch").orElseThrow());
    }

    private JsonNode refused(HttpResponse<String> r, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode item = json(r).get("receipts").get(0);
        assertThat(item.get("result").asText()).isEqualTo("refused");
        assertThat(item.get("code").asText()).isEqualTo(code);
        assertThat(item.get("reason").asText()).isNotBlank();
        return item;
    }

    @Test
    void marks_every_response_with_the_node_id_and_its_current_epoch() {
        HttpResponse<byte[]> r = f.fetch("/seg-100.ts", null);
        assertThat(r.headers().firstValue("EdgeWeave-Node")).hasValue(f.nodeKey.publicKey().hex());
        assertThat(r.headers().firstValue("EdgeWeave-Epoch")).hasValue(Long.toString(f.epoch()));
    }

    @Test
    void takes_a_receipt_for_bytes_served_under_the_token_and_answers_per_receipt() throws Exception {
        long epoch = serve(10_000);
        HttpResponse<String> r = f.post(token, List.of(f.receipt(token, viewer, epoch, 1, 10_000)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = json(r);
        assertThat(doc.get("accepted").asInt()).isEqualTo(1);
        assertThat(doc.get("receipts").get(0).get("result").asText()).isEqualTo("accepted");
        assertThat(doc.get("receipts").get(0).get("tokenId").asText()).isEqualTo(token.tokenId().hex());
        // on disk before the answer
        assertThat(Files.size(dir.resolve("receipts/receipts-" + epoch + ".log"))).isGreaterThan(8 + 170 + 146);
    }

    @Test
    void refuses_more_bytes_than_the_node_served_under_the_token() throws Exception {
        long epoch = serve(1_000);
        refused(f.post(token, List.of(f.receipt(token, viewer, epoch, 1, 1_001))), "OVER_SERVED");
    }

    @Test
    void refuses_a_receipt_for_another_node() throws Exception {
        long epoch = serve(1_000);
        SignedReceipt other = new Receipt(token.tokenId(), ReceiptFixture.key(0x44).publicKey(), epoch, 1, 10,
                f.clock.millis()).sign(viewer);
        refused(f.post(token, List.of(other)), "WRONG_NODE");
    }

    @Test
    void refuses_a_receipt_for_a_closed_epoch() throws Exception {
        serve(1_000);
        long epoch = f.epoch();
        f.clock.millis.addAndGet(2 * ReceiptFixture.EPOCH_MILLIS); // past the end of the epoch plus its grace
        refused(f.post(token, List.of(f.receipt(token, viewer, epoch, 1, 500))), "EPOCH_CLOSED");
    }

    @Test
    void refuses_a_lower_serial_and_takes_a_replayed_receipt_as_done() throws Exception {
        long epoch = serve(5_000);
        SignedReceipt seven = f.receipt(token, viewer, epoch, 7, 4_000);
        assertThat(f.post(token, List.of(seven)).statusCode()).isEqualTo(200);
        refused(f.post(token, List.of(f.receipt(token, viewer, epoch, 6, 4_500))), "SERIAL_NOT_MONOTONIC");
        HttpResponse<String> replay = f.post(token, List.of(seven));
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200); // an identical retry counts as taken
        assertThat(json(replay).get("receipts").get(0).get("code").asText()).isEqualTo("REPLAYED");
        refused(f.post(token, List.of(f.receipt(token, viewer, epoch, 8, 3_000))), "BYTES_DECREASED");
    }

    @Test
    void refuses_a_forged_viewer_signature() throws Exception {
        long epoch = serve(1_000);
        SignedReceipt forged = f.receipt(token, ReceiptFixture.key(0x55), epoch, 1, 900);
        refused(f.post(token, List.of(forged)), "BAD_VIEWER_SIGNATURE");
    }

    @Test
    void an_expired_token_counts_nothing_and_its_receipts_are_refused() throws Exception {
        long now = f.clock.millis();
        SignedToken expired = new ViewerToken(f.publisher.publicKey(), viewer.publicKey(),
                TokenId.random(new SecureRandom()), now - 20_000, now - 10, 1L << 30).sign(f.publisher);
        assertThat(f.fetch("/seg-2000.ts", expired).statusCode()).isEqualTo(200);
        SignedReceipt r = new Receipt(expired.tokenId(), f.nodeKey.publicKey(), f.epoch(), 1, 0, now).sign(viewer);
        refused(f.post(expired, List.of(r)), "TOKEN_EXPIRED");
        SignedReceipt some = new Receipt(expired.tokenId(), f.nodeKey.publicKey(), f.epoch(), 2, 1, now - 15)
                .sign(viewer);
        refused(f.post(expired, List.of(some)), "OVER_SERVED"); // nothing was counted under it
    }

    @Test
    void a_token_of_an_unknown_publisher_counts_nothing_and_its_receipts_are_refused() throws Exception {
        Ed25519KeyPair rogue = ReceiptFixture.key(0x66);
        long now = f.clock.millis();
        SignedToken foreign = new ViewerToken(rogue.publicKey(), viewer.publicKey(), TokenId.random(new SecureRandom()),
                now, now + 3_600_000, 1L << 30).sign(rogue);
        assertThat(f.fetch("/seg-3000.ts", foreign).statusCode()).isEqualTo(200);
        SignedReceipt zero = new Receipt(foreign.tokenId(), f.nodeKey.publicKey(), f.epoch(), 1, 0, now).sign(viewer);
        refused(f.post(foreign, List.of(zero)), "UNKNOWN_PUBLISHER");
        SignedReceipt some = new Receipt(foreign.tokenId(), f.nodeKey.publicKey(), f.epoch(), 2, 3_000, now)
                .sign(viewer);
        refused(f.post(foreign, List.of(some)), "OVER_SERVED");
    }

    @Test
    void a_response_that_straddles_an_epoch_boundary_can_be_receipted_in_the_epoch_its_header_named()
            throws Exception {
        long epoch = serve(4_000);
        f.clock.millis.addAndGet(ReceiptFixture.EPOCH_MILLIS); // the next fetch counts in the next epoch
        serve(6_000);
        f.clock.millis.addAndGet(1_000); // within the receipt grace of the previous epoch
        HttpResponse<String> r = f.post(token, List.of(f.receipt(token, viewer, epoch, 1, 10_000)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // the whole 10,000 are now receipted: nothing is left for the new epoch
        refused(f.post(token, List.of(f.receipt(token, viewer, epoch + 1, 2, 1))), "OVER_SERVED");
    }

    @Test
    void whole_batch_errors_name_the_problem() throws Exception {
        HttpResponse<String> noToken = f.post(null, List.of());
        assertThat(noToken.statusCode()).isEqualTo(400);
        assertThat(json(noToken).get("error").asText()).isEqualTo("missing_token");
        HttpResponse<String> badToken = f.postRaw("not-a-token!", ReceiptBatch.encode(List.of()),
                ReceiptBatch.CONTENT_TYPE);
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(json(badToken).get("error").asText()).isEqualTo("bad_token");
        HttpResponse<String> garbage = f.postRaw(token.toHeaderValue(), new byte[] {0x42, 1, 0, 0, 0, 9},
                ReceiptBatch.CONTENT_TYPE);
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage).get("error").asText()).isEqualTo("malformed_batch");
        assertThat(json(garbage).get("message").asText()).contains("receiptBatch");
        HttpResponse<String> json = f.postRaw(token.toHeaderValue(), "{}".getBytes(), "application/json");
        assertThat(json.statusCode()).isEqualTo(415);
        HttpResponse<String> get = f.send(HttpRequest.newBuilder(f.url(ReceiptBatch.PATH)).GET(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void accepted_receipts_and_served_bytes_survive_a_restart() throws Exception {
        long epoch = serve(8_000);
        SignedReceipt first = f.receipt(token, viewer, epoch, 1, 5_000);
        assertThat(f.post(token, List.of(first)).statusCode()).isEqualTo(200);
        f.restart();
        // the receipt is still there: the identical retry is a replay
        assertThat(json(f.post(token, List.of(first))).get("receipts").get(0).get("code").asText())
                .isEqualTo("REPLAYED");
        // the 3,000 bytes served before the restart but not yet receipted can still be receipted
        HttpResponse<String> more = f.post(token, List.of(f.receipt(token, viewer, epoch, 2, 8_000)));
        assertThat(more.statusCode()).as(more.body()).isEqualTo(200);
        JsonNode status = JSON.valueToTree(f.service.status()).get("receipts");
        assertThat(status.get("receiptedBytes").asLong()).isEqualTo(8_000);
        assertThat(status.get("sessions").asInt()).isEqualTo(1);
    }

    @Test
    void the_viewer_sdk_fetches_verifies_and_gets_its_receipts_taken() throws Exception {
        ViewerSession session = new ViewerSession(f.http, viewer, token, f.clock, ViewerConfig.defaults());
        long total = 0;
        for (int i = 1; i <= 3; i++) {
            FetchResult r = session.fetch(f.url("/seg-" + (20_000 * i) + ".ts"));
            assertThat(r.countedBytes()).isEqualTo(20_000L * i);
            total += r.countedBytes();
        }
        assertThat(session.reportReceipts()).isEmpty(); // every receipt was taken after its fetch
        JsonNode status = JSON.valueToTree(f.service.status()).get("receipts");
        assertThat(status.get("receiptedBytes").asLong()).isEqualTo(total);
        assertThat(status.get("accepted").asLong()).isEqualTo(3);
    }
}
