package dev.edgeweave.cache;

import static dev.edgeweave.cache.StoreHarness.HEAD;
import static dev.edgeweave.cache.StoreHarness.body;
import static dev.edgeweave.cache.StoreHarness.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sparse objects: known length, filled slice by slice, default 1 MiB slices. */
class SparseObjectTest {

    static final int MIB = 1 << 20;

    @TempDir
    Path tmp;
    StoreHarness h;

    @BeforeEach
    void open() throws IOException {
        h = new StoreHarness(new CacheConfig(tmp.resolve("cache"), 16L * MIB, 64L * MIB, MIB, MIB));
    }

    @AfterEach
    void invariants() throws IOException {
        h.checkInvariants();
        h.close();
    }

    private static byte[] sliceBytes(int index, int len) {
        return body(len, 1_000 + index);
    }

    private void fillSlice(CachedObject o, int index) throws IOException {
        Fill f = h.store.startSliceFill(o, index).orElseThrow();
        byte[] b = sliceBytes(index, (int) Math.min(MIB, o.length() - (long) index * MIB));
        StoreHarness.write(f, b, 0, b.length, 64 * 1024);
        f.complete();
    }

    @Test
    void fifty_mib_sparse_object_with_slices_10_and_11_answers_hasSlice_and_reads_across_the_boundary()
            throws IOException {
        CachedObject o = h.store.startSparse("GET demo/big.mp4", HEAD, 50L * MIB);
        assertThat(o.sparse()).isTrue();
        assertThat(o.length()).isEqualTo(50L * MIB);
        assertThat(o.complete()).isFalse();
        assertThat(h.store.get("GET demo/big.mp4").orElseThrow()).isSameAs(o);
        fillSlice(o, 10);
        assertThat(h.store.startSliceFill(o, 10)).as("present").isEmpty();
        Fill f11 = h.store.startSliceFill(o, 11).orElseThrow();
        assertThat(h.store.startSliceFill(o, 11)).as("running").isEmpty();
        byte[] s11 = sliceBytes(11, MIB);
        StoreHarness.write(f11, s11, 0, MIB, 100_000);
        f11.complete();

        assertThat(o.hasSlice(9)).isFalse();
        assertThat(o.hasSlice(10)).isTrue();
        assertThat(o.hasSlice(11)).isTrue();
        assertThat(o.hasSlice(12)).isFalse();
        assertThat(o.hasSlice(50)).isFalse();
        assertThat(o.available(9L * MIB)).isZero();
        assertThat(o.available(10L * MIB)).isEqualTo(2L * MIB);
        assertThat(o.available(11L * MIB - 100)).isEqualTo(MIB + 100);
        assertThat(o.read(9L * MIB + 5, 10).length()).isZero();

        BodyChunk before = o.read(11L * MIB - 100, 1_000);
        assertThat(before.length()).as("stops at the slice boundary").isEqualTo(100);
        assertThat(drain(before)).isEqualTo(Arrays.copyOfRange(sliceBytes(10, MIB), MIB - 100, MIB));
        BodyChunk after = o.read(11L * MIB, 900);
        assertThat(after).isInstanceOf(BodyChunk.File.class);
        assertThat(drain(after)).isEqualTo(Arrays.copyOf(s11, 900));
        assertThat(o.inMemory()).isFalse();
        h.checkInvariants();

        h.reopen();
        CachedObject r = h.store.get("GET demo/big.mp4").orElseThrow();
        assertThat(r.sparse()).isTrue();
        assertThat(r.hasSlice(10)).isTrue();
        assertThat(r.hasSlice(11)).isTrue();
        assertThat(r.hasSlice(12)).isFalse();
        assertThat(StoreHarness.read(r, 10L * MIB, 12L * MIB, Long.MAX_VALUE))
                .isEqualTo(concat(sliceBytes(10, MIB), s11));
    }

    @Test
    void all_slices_filled_make_the_sparse_object_complete_with_a_short_last_slice() throws IOException {
        long total = 2L * MIB + MIB / 2;
        CachedObject o = h.store.startSparse("k", HEAD, total);
        for (int i = 2; i >= 0; i--) {
            assertThat(o.complete()).isFalse();
            fillSlice(o, i);
        }
        assertThat(o.complete()).isTrue();
        assertThat(o.available(0)).isEqualTo(total);
        assertThat(StoreHarness.readAll(o)).isEqualTo(concat(sliceBytes(0, MIB), sliceBytes(1, MIB),
                sliceBytes(2, MIB / 2)));
    }

    @Test
    void waiting_reader_is_woken_by_the_first_bytes_of_its_slice_and_not_by_others() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 8L * MIB);
        AtomicInteger woke = new AtomicInteger();
        o.onAvailable(5L * MIB + 10, woke::incrementAndGet);
        fillSlice(o, 4);
        assertThat(woke).hasValue(0);
        Fill f = h.store.startSliceFill(o, 5).orElseThrow();
        StoreHarness.write(f, sliceBytes(5, MIB), 0, 11, 11);
        assertThat(woke).hasValue(1);
        assertThat(o.available(5L * MIB + 10)).isEqualTo(1);
        StoreHarness.write(f, sliceBytes(5, MIB), 11, MIB, 256 * 1024);
        f.complete();
        o.onAvailable(100L * MIB, woke::incrementAndGet);
        assertThat(woke).as("past the end: at once").hasValue(2);
    }

    @Test
    void aborted_slice_fill_leaves_the_slice_absent_and_wakes_its_waiters() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 4L * MIB);
        Fill f = h.store.startSliceFill(o, 2).orElseThrow();
        StoreHarness.write(f, sliceBytes(2, MIB), 0, 1_000, 1_000);
        AtomicInteger woke = new AtomicInteger();
        o.onAvailable(2L * MIB + 5_000, woke::incrementAndGet);
        f.abort("origin closed");
        assertThat(woke).hasValue(1);
        assertThat(o.hasSlice(2)).isFalse();
        assertThat(o.failed()).as("the sparse object itself is fine").isFalse();
        assertThat(o.available(2L * MIB)).isZero();
        fillSlice(o, 2);
        assertThat(o.hasSlice(2)).isTrue();
    }

    @Test
    void short_slice_fill_fails_on_complete() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 4L * MIB);
        Fill f = h.store.startSliceFill(o, 0).orElseThrow();
        StoreHarness.write(f, sliceBytes(0, MIB), 0, 1_000, 1_000);
        assertThatThrownBy(f::complete).isInstanceOf(IOException.class)
                .hasMessageContaining("slice 0 of k is short: 1000 bytes (expected: 1048576)");
        assertThat(o.hasSlice(0)).isFalse();
    }

    @Test
    void flipped_byte_in_a_sparse_slice_is_detected_after_restart() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 4L * MIB);
        fillSlice(o, 1);
        StoredObject so = (StoredObject) o;
        Path p = h.store.files().slice(so.hash, so.version, 1);
        h.store.close();
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
            raf.seek(MIB - 1);
            int v = raf.read();
            raf.seek(MIB - 1);
            raf.write(v ^ 0x80);
        }
        h.reopen();
        CachedObject r = h.store.get("k").orElseThrow();
        assertThatThrownBy(() -> r.read(MIB, 10)).isInstanceOf(CorruptObjectException.class);
        assertThat(h.store.get("k")).isEmpty();
        assertThat(h.filesOnDisk()).isEmpty();
    }

    @Test
    void torn_journal_tail_loses_only_the_last_slice_at_restart() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 4L * MIB);
        fillSlice(o, 0);
        fillSlice(o, 3);
        StoredObject so = (StoredObject) o;
        Path journal = h.store.files().journal(so.hash, so.version);
        h.store.close();
        try (RandomAccessFile raf = new RandomAccessFile(journal.toFile(), "rw")) {
            raf.setLength(raf.length() - 3);
        }
        h.reopen();
        CachedObject r = h.store.get("k").orElseThrow();
        assertThat(r.hasSlice(0)).isTrue();
        assertThat(r.hasSlice(3)).isFalse();
        assertThat(StoreHarness.read(r, 0, MIB, Long.MAX_VALUE)).isEqualTo(sliceBytes(0, MIB));
        fillSlice(r, 3);
        assertThat(r.hasSlice(3)).isTrue();
    }

    @Test
    void removed_sparse_object_refuses_new_slice_fills_and_wakes_waiters() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 4L * MIB);
        fillSlice(o, 0);
        Fill running = h.store.startSliceFill(o, 1).orElseThrow();
        StoreHarness.write(running, sliceBytes(1, MIB), 0, 100, 100);
        AtomicInteger woke = new AtomicInteger();
        o.onAvailable(3L * MIB, woke::incrementAndGet);
        assertThat(h.store.remove("k")).isTrue();
        assertThat(woke).hasValue(1);
        assertThat(o.removed()).isTrue();
        assertThat(h.store.startSliceFill(o, 2)).isEmpty();
        assertThatThrownBy(() -> StoreHarness.write(running, new byte[10], 0, 10, 10))
                .isInstanceOf(IOException.class).hasMessageContaining("aborted");
        assertThat(h.filesOnDisk()).isEmpty();
    }

    @Test
    void startSliceFill_rejects_bad_arguments() throws IOException {
        CachedObject o = h.store.startSparse("k", HEAD, 3L * MIB);
        assertThatThrownBy(() -> h.store.startSliceFill(o, 3)).hasMessage("sliceIndex: 3 (expected: 0..2)");
        assertThatThrownBy(() -> h.store.startSliceFill(o, -1)).hasMessage("sliceIndex: -1 (expected: 0..2)");
        CachedObject whole = h.fill("w", body(10, 1));
        assertThatThrownBy(() -> h.store.startSliceFill(whole, 0))
                .hasMessage("sparse: w is not sparse (expected: from startSparse)");
        assertThatThrownBy(() -> h.store.startSparse("z", HEAD, 0)).hasMessage("totalLength: 0 (expected: > 0)");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
