package dev.edgeweave.proof.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiptLogTest {

    @TempDir
    Path dir;

    /** Collects what a replay delivers. */
    static final class Collected implements ReceiptLog.Visitor {
        final List<SignedToken> tokens = new ArrayList<>();
        final List<SignedReceipt> receipts = new ArrayList<>();

        @Override
        public void token(SignedToken token) {
            tokens.add(token);
        }

        @Override
        public void receipt(SignedReceipt receipt) {
            receipts.add(receipt);
        }
    }

    private static Collected reopen(Path file) throws IOException {
        Collected c = new Collected();
        ReceiptLog.open(file, c).close();
        return c;
    }

    private Path writeThree() throws IOException {
        Path file = dir.resolve("receipts-1.log");
        try (ReceiptLog log = ReceiptLog.open(file, new Collected())) {
            log.append(Fixtures.signedReceipt(0, 1, 100), Fixtures.signedToken(0));
            log.append(Fixtures.signedReceipt(0, 2, 200), Fixtures.signedToken(0));
            log.sync();
            log.append(Fixtures.signedReceipt(1, 1, 50), Fixtures.signedToken(1));
            log.sync();
        }
        return file;
    }

    @Test
    void survives_reopen_with_every_acknowledged_record_and_each_token_once() throws IOException {
        Path file = writeThree();
        Collected c = reopen(file);
        assertThat(c.tokens).containsExactly(Fixtures.signedToken(0), Fixtures.signedToken(1));
        assertThat(c.receipts).containsExactly(Fixtures.signedReceipt(0, 1, 100), Fixtures.signedReceipt(0, 2, 200),
                Fixtures.signedReceipt(1, 1, 50));
        // 8 header + 2 x (8 + 170) + 3 x (8 + 146)
        assertThat(Files.size(file)).isEqualTo(8 + 2 * 178 + 3 * 154);

        // Appending after reopen continues the same file and does not repeat known tokens.
        try (ReceiptLog log = ReceiptLog.open(file, new Collected())) {
            log.append(Fixtures.signedReceipt(0, 3, 300), Fixtures.signedToken(0));
            log.sync();
        }
        assertThat(reopen(file).receipts).hasSize(4);
        assertThat(reopen(file).tokens).hasSize(2);
    }

    @Test
    void replays_into_a_store_that_then_refuses_replays() throws IOException {
        Path file = writeThree();
        ReceiptStore store = new ReceiptStore(Fixtures.NODE.publicKey(), Fixtures.SCHEDULE, Fixtures.PUBLISHERS);
        ReceiptLog.openInto(file, store).close();
        assertThat(store.acceptedBytes(Fixtures.tokenId(0), Fixtures.EPOCH)).isEqualTo(200);
        assertThat(store.offer(Fixtures.signedReceipt(0, 2, 200), Fixtures.signedToken(0), 1_000_000,
                Fixtures.T0 + 120_000).codeOrNull()).isEqualTo(dev.edgeweave.proof.verify.RejectCode.REPLAYED);
    }

    @Test
    void drops_a_torn_tail_at_every_cut_point_and_keeps_appending() throws IOException {
        Path full = writeThree();
        byte[] bytes = Files.readAllBytes(full);
        long lastRecordStart = bytes.length - 154;
        for (int cut = (int) lastRecordStart + 1; cut < bytes.length; cut++) {
            Path f = dir.resolve("torn-" + cut + ".log");
            Files.write(f, java.util.Arrays.copyOf(bytes, cut));
            Collected c = reopen(f);
            assertThat(c.receipts).as("cut at %d", cut).hasSize(2);
            assertThat(Files.size(f)).isEqualTo(lastRecordStart);
        }
        // After truncating, new appends land on a clean boundary.
        Path f = dir.resolve("torn-" + (bytes.length - 1) + ".log");
        try (ReceiptLog log = ReceiptLog.open(f, new Collected())) {
            log.append(Fixtures.signedReceipt(1, 2, 60), Fixtures.signedToken(1));
            log.sync();
        }
        assertThat(reopen(f).receipts).extracting(r -> r.receipt().bytes()).containsExactly(100L, 200L, 60L);
    }

    @Test
    void drops_a_last_record_that_fails_its_crc() throws IOException {
        Path file = writeThree();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 10);
            int b = raf.read();
            raf.seek(raf.length() - 10);
            raf.write(b ^ 0xff);
        }
        assertThat(reopen(file).receipts).hasSize(2);
    }

    @Test
    void drops_garbage_after_the_last_record() throws IOException {
        Path file = writeThree();
        Files.write(file, new byte[] {0, 0, 0, 5, 1, 2}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(reopen(file).receipts).hasSize(3);
        assertThat(Files.size(file)).isEqualTo(8 + 2 * 178 + 3 * 154);
    }

    @Test
    void unsynced_records_are_not_on_disk_until_sync() throws IOException {
        Path file = dir.resolve("r.log");
        try (ReceiptLog log = ReceiptLog.open(file, new Collected())) {
            log.append(Fixtures.signedReceipt(0, 1, 100), Fixtures.signedToken(0));
            assertThat(Files.size(file)).isEqualTo(8);
            log.sync();
            assertThat(Files.size(file)).isEqualTo(8 + 178 + 154);
        }
    }

    @Test
    void compacts_to_the_latest_receipts_atomically() throws IOException {
        Path file = writeThree();
        try (ReceiptLog log = ReceiptLog.open(file, new Collected())) {
            log.compact(List.of(Fixtures.signedReceipt(0, 2, 200), Fixtures.signedReceipt(1, 1, 50)),
                    List.of(Fixtures.signedToken(0), Fixtures.signedToken(1)));
            log.append(Fixtures.signedReceipt(1, 2, 70), Fixtures.signedToken(1));
            log.sync();
        }
        Collected c = reopen(file);
        assertThat(c.receipts).extracting(r -> r.receipt().bytes()).containsExactly(200L, 50L, 70L);
        assertThat(c.tokens).hasSize(2);
        assertThat(Files.exists(file.resolveSibling(file.getFileName() + ".compact"))).isFalse();
    }

    @Test
    void refuses_a_foreign_file_and_a_crc_valid_record_that_does_not_decode() throws IOException {
        Path foreign = dir.resolve("foreign.log");
        Files.writeString(foreign, "hello, not a log");
        assertThatThrownBy(() -> ReceiptLog.open(foreign, new Collected())).hasMessageContaining("not an EdgeWeave receipt log");

        Path bad = dir.resolve("bad.log");
        byte[] payload = {0x52, 9, 9}; // receipt type, unknown version
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 8 + 3);
        b.put("EWRLOG".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putShort((short) 1);
        b.putInt(3).putInt((int) crc.getValue()).put(payload);
        Files.write(bad, b.array());
        assertThatThrownBy(() -> ReceiptLog.open(bad, new Collected())).hasMessageContaining("passes its CRC but does not decode")
                .hasMessageContaining("receipt.version: 9");
    }
}
