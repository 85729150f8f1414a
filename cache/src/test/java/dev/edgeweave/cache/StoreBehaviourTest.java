package dev.edgeweave.cache;

import static dev.edgeweave.cache.StoreHarness.HEAD;
import static dev.edgeweave.cache.StoreHarness.body;
import static dev.edgeweave.cache.StoreHarness.drain;
import static dev.edgeweave.cache.StoreHarness.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One behaviour suite over both tiers: {@link MemoryTierBehaviourTest} keeps small objects in memory,
 * {@link DiskTierBehaviourTest} never does. Slices are 4 KiB so that small bodies span several slices.
 * After every test: the store's invariants, then no buffer left once it is closed.
 */
abstract class StoreBehaviourTest {

    static final int SLICE = 4096;

    @TempDir
    Path tmp;
    StoreHarness h;

    abstract long memoryObjectMax();

    abstract boolean servesFromMemory();

    @BeforeEach
    void open() throws IOException {
        h = new StoreHarness(new CacheConfig(tmp.resolve("cache"), 1 << 20, 8 << 20, SLICE, memoryObjectMax()));
    }

    @AfterEach
    void invariants() throws IOException {
        h.checkInvariants();
        h.close();
    }

    /** Tests that read and expect the memory tier give it a body small enough. */
    private void assertTier(CachedObject o, BodyChunk c) {
        if (servesFromMemory()) {
            assertThat(c).isInstanceOf(BodyChunk.Memory.class);
            assertThat(o.inMemory()).isTrue();
        } else {
            assertThat(c).isInstanceOf(BodyChunk.File.class);
            assertThat(o.inMemory()).isFalse();
        }
    }

    @Test
    void fill_then_read_back_returns_the_same_bytes_one_slice_at_most_per_read() throws IOException {
        byte[] b = body(10_000, 1);
        CachedObject o = h.fill("GET demo/a.ts", b);
        assertThat(o.complete()).isTrue();
        assertThat(o.length()).isEqualTo(10_000);
        assertThat(o.available(0)).isEqualTo(10_000);
        assertThat(o.available(9_000)).isEqualTo(1_000);
        CachedObject got = h.store.get("GET demo/a.ts").orElseThrow();
        assertThat(got).isSameAs(o);
        assertThat(got.head()).isEqualTo(HEAD);
        BodyChunk first = o.read(0, Long.MAX_VALUE);
        assertTier(o, first);
        assertThat(first.length()).isEqualTo(SLICE);
        assertThat(drain(first)).isEqualTo(Arrays.copyOf(b, SLICE));
        BodyChunk mid = o.read(5_000, 100);
        assertThat(drain(mid)).isEqualTo(Arrays.copyOfRange(b, 5_000, 5_100));
        BodyChunk cross = o.read(8_000, 1_000);
        assertThat(cross.length()).as("stops at the slice boundary 8192").isEqualTo(192);
        drain(cross);
        assertThat(readAll(o)).isEqualTo(b);
        assertThat(o.read(10_000, 10).length()).as("nothing at the end").isZero();
        Stats s = h.store.stats();
        assertThat(s.objects()).isEqualTo(1);
        assertThat(servesFromMemory() ? s.memoryHits() : s.diskHits()).isEqualTo(1);
    }

    @Test
    void get_of_an_unknown_key_is_a_miss() {
        assertThat(h.store.get("GET demo/none")).isEmpty();
        assertThat(h.store.stats().misses()).isEqualTo(1);
    }

    @Test
    void fill_of_unknown_length_is_readable_and_complete_after_complete() throws IOException {
        byte[] b = body(9_000, 2);
        CachedObject o = h.fill("k", b, 1_000, false);
        assertThat(o.length()).isEqualTo(9_000);
        assertThat(readAll(o)).isEqualTo(b);
    }

    @Test
    void zero_length_object_is_complete_and_reads_nothing() throws IOException {
        CachedObject o = h.fill("empty", new byte[0]);
        assertThat(o.complete()).isTrue();
        assertThat(o.length()).isZero();
        assertThat(o.available(0)).isZero();
        assertThat(o.read(0, 100).length()).isZero();
        h.reopen();
        assertThat(h.store.get("empty").orElseThrow().length()).isZero();
    }

    @Test
    void reading_while_filling_sees_bytes_as_they_arrive_and_onAvailable_fires() throws IOException {
        byte[] b = body(12_000, 3);
        Fill f = h.store.startFill("live", HEAD, b.length);
        CachedObject o = h.store.get("live").orElseThrow();
        assertThat(o).isSameAs(f.object());
        assertThat(o.complete()).isFalse();
        assertThat(o.length()).as("announced length").isEqualTo(12_000);
        assertThat(o.available(0)).isZero();
        assertThat(o.read(0, 100).length()).isZero();
        AtomicInteger woke = new AtomicInteger();
        o.onAvailable(0, woke::incrementAndGet);
        o.onAvailable(5_000, woke::incrementAndGet);
        assertThat(woke).hasValue(0);

        StoreHarness.write(f, b, 0, 5_000, 5_000);
        assertThat(woke).as("only the waiter at 0 fired").hasValue(1);
        assertThat(o.available(0)).isEqualTo(5_000);
        assertThat(o.available(4_000)).isEqualTo(1_000);
        BodyChunk c = o.read(0, Long.MAX_VALUE);
        assertThat(c).as("a filling object is read from its files").isInstanceOf(BodyChunk.File.class);
        assertThat(drain(c)).isEqualTo(Arrays.copyOf(b, SLICE));
        assertThat(drain(o.read(SLICE, Long.MAX_VALUE))).isEqualTo(Arrays.copyOfRange(b, SLICE, 5_000));

        StoreHarness.write(f, b, 5_000, 5_001, 1);
        assertThat(woke).as("the waiter at 5000 fired once").hasValue(2);
        o.onAvailable(100, woke::incrementAndGet);
        assertThat(woke).as("runs at once when bytes are there").hasValue(3);
        o.onAvailable(12_000, woke::incrementAndGet);
        assertThat(woke).as("waiting for the end").hasValue(3);

        StoreHarness.write(f, b, 5_001, b.length, 2_000);
        assertThat(woke).as("no bytes at 12000: still waiting for completion").hasValue(3);
        f.complete();
        assertThat(woke).as("completion wakes the end waiter").hasValue(4);
        assertThat(o.complete()).isTrue();
        assertThat(readAll(o)).isEqualTo(b);
        assertThat(o.inMemory()).isEqualTo(servesFromMemory());
    }

    @Test
    void abort_makes_the_object_failed_wakes_readers_and_deletes_its_files() throws IOException {
        byte[] b = body(10_000, 4);
        Fill f = h.store.startFill("gone", HEAD, b.length);
        StoreHarness.write(f, b, 0, 6_000, 6_000);
        assertThat(h.filesOnDisk()).hasSize(2);
        CachedObject o = f.object();
        AtomicInteger woke = new AtomicInteger();
        o.onAvailable(7_000, woke::incrementAndGet);
        f.abort("origin reset");
        assertThat(woke).hasValue(1);
        assertThat(o.failed()).isTrue();
        assertThat(o.failureReason()).isEqualTo("origin reset");
        assertThat(o.available(0)).isZero();
        assertThatThrownBy(() -> o.read(0, 10)).isInstanceOf(IOException.class).hasMessageContaining("origin reset");
        assertThat(h.store.get("gone")).isEmpty();
        assertThat(h.filesOnDisk()).isEmpty();
        assertThatThrownBy(() -> f.write(Unpooled.wrappedBuffer(new byte[1])))
                .isInstanceOf(IOException.class).hasMessageContaining("aborted");
        f.abort("again");
        assertThat(o.failureReason()).isEqualTo("origin reset");
    }

    @Test
    void body_longer_than_announced_aborts_the_fill() throws IOException {
        Fill f = h.store.startFill("long", HEAD, 100);
        ByteBuf big = Unpooled.wrappedBuffer(new byte[101]);
        assertThatThrownBy(() -> f.write(big)).isInstanceOf(IOException.class)
                .hasMessageContaining("101 bytes (expected: 100)");
        big.release();
        assertThat(f.object().failed()).isTrue();
        assertThat(h.store.get("long")).isEmpty();
    }

    @Test
    void body_shorter_than_announced_fails_on_complete() throws IOException {
        Fill f = h.store.startFill("short", HEAD, 100);
        StoreHarness.write(f, new byte[60], 0, 60, 60);
        assertThatThrownBy(f::complete).isInstanceOf(IOException.class)
                .hasMessageContaining("60 bytes (expected: 100)");
        assertThat(f.object().failed()).isTrue();
        assertThat(h.filesOnDisk()).isEmpty();
    }

    @Test
    void restart_keeps_entries_and_reads_them_back_without_refilling() throws IOException {
        byte[] a = body(10_000, 5);
        byte[] b = body(100, 6);
        h.fill("a", a);
        h.fill("b", b, 7, false);
        long diskBytes = h.store.stats().diskBytes();
        h.reopen();
        assertThat(h.store.stats().objects()).isEqualTo(2);
        assertThat(h.store.stats().diskBytes()).isEqualTo(diskBytes);
        CachedObject ra = h.store.get("a").orElseThrow();
        assertThat(ra.complete()).isTrue();
        assertThat(ra.head()).isEqualTo(HEAD);
        assertThat(ra.inMemory()).isFalse();
        assertThat(readAll(ra)).isEqualTo(a);
        assertThat(ra.inMemory()).as("copied to memory on first read").isEqualTo(servesFromMemory());
        assertThat(readAll(h.store.get("b").orElseThrow())).isEqualTo(b);
    }

    @Test
    void flipped_byte_is_detected_on_first_read_after_restart_and_the_object_dropped() throws IOException {
        byte[] b = body(10_000, 7);
        CachedObject o = h.fill("flip", b);
        StoredObject so = (StoredObject) o;
        Path slice1 = h.store.files().slice(so.hash, so.version, 1);
        h.store.close();
        try (RandomAccessFile raf = new RandomAccessFile(slice1.toFile(), "rw")) {
            raf.seek(17);
            int v = raf.read();
            raf.seek(17);
            raf.write(v ^ 0x01);
        }
        h.reopen();
        CachedObject r = h.store.get("flip").orElseThrow();
        if (!servesFromMemory()) {
            assertThat(drain(r.read(0, Long.MAX_VALUE))).as("slice 0 is intact").isEqualTo(Arrays.copyOf(b, SLICE));
        }
        assertThatThrownBy(() -> r.read(SLICE, 10)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("slice 1").hasMessageContaining("checksum");
        assertThat(r.failed()).isTrue();
        assertThat(h.store.get("flip")).isEmpty();
        assertThat(h.store.stats().corruptDropped()).isEqualTo(1);
        assertThat(h.filesOnDisk()).isEmpty();
        assertThatThrownBy(() -> r.read(0, 10)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    }

    @Test
    void truncated_slice_file_is_dropped_at_open() throws IOException {
        CachedObject o = h.fill("trunc", body(10_000, 8));
        h.fill("ok", body(5_000, 9));
        StoredObject so = (StoredObject) o;
        Path slice2 = h.store.files().slice(so.hash, so.version, 2);
        h.store.close();
        try (RandomAccessFile raf = new RandomAccessFile(slice2.toFile(), "rw")) {
            raf.setLength(raf.length() - 1);
        }
        h.reopen();
        assertThat(h.store.get("trunc")).isEmpty();
        assertThat(h.store.get("ok")).isPresent();
        assertThat(h.store.stats().objects()).isEqualTo(1);
    }

    @Test
    void updateHead_persists_across_restart() throws IOException {
        byte[] b = body(5_000, 10);
        h.fill("head", b);
        StoredHead fresh = new StoredHead(200, List.of(new Header("ETag", "\"v1\""),
                new Header("Cache-Control", "max-age=600"), new Header("Date", "Tue, 25 Nov 2025 11:00:00 GMT")),
                5_000, 5_020);
        h.store.updateHead("head", fresh);
        assertThat(h.store.get("head").orElseThrow().head()).isEqualTo(fresh);
        h.store.updateHead("absent", fresh);
        h.reopen();
        CachedObject o = h.store.get("head").orElseThrow();
        assertThat(o.head()).isEqualTo(fresh);
        assertThat(o.head().first("cache-control")).isEqualTo("max-age=600");
        assertThat(readAll(o)).isEqualTo(b);
    }

    @Test
    void updateHead_while_filling_is_written_with_the_completed_object() throws IOException {
        byte[] b = body(5_000, 11);
        Fill f = h.store.startFill("k", HEAD, -1);
        StoreHarness.write(f, b, 0, b.length, 1_000);
        StoredHead fresh = HEAD.withHeaders(List.of(new Header("ETag", "\"v2\"")));
        h.store.updateHead("k", fresh);
        f.complete();
        h.reopen();
        assertThat(h.store.get("k").orElseThrow().head().first("etag")).isEqualTo("\"v2\"");
    }

    @Test
    void remove_deletes_files_and_wakes_waiters() throws IOException {
        h.fill("rm", body(10_000, 12));
        assertThat(h.filesOnDisk()).hasSize(4);
        assertThat(h.store.remove("rm")).isTrue();
        assertThat(h.store.remove("rm")).isFalse();
        assertThat(h.store.get("rm")).isEmpty();
        assertThat(h.filesOnDisk()).isEmpty();
        assertThat(h.store.stats().diskBytes()).isZero();

        Fill f = h.store.startFill("filling", HEAD, 10_000);
        StoreHarness.write(f, new byte[100], 0, 100, 100);
        AtomicInteger woke = new AtomicInteger();
        f.object().onAvailable(5_000, woke::incrementAndGet);
        assertThat(h.store.remove("filling")).isTrue();
        assertThat(woke).hasValue(1);
        assertThat(f.object().failed()).isTrue();
        assertThat(f.object().removed()).isTrue();
        assertThatThrownBy(() -> f.write(Unpooled.wrappedBuffer(new byte[1]))).isInstanceOf(IOException.class);
        assertThat(h.filesOnDisk()).isEmpty();
        h.reopen();
        assertThat(h.store.get("rm")).isEmpty();
    }

    @Test
    void replaced_version_stays_readable_for_its_readers_then_its_files_go() throws IOException {
        byte[] v1 = body(10_000, 13);
        byte[] v2 = body(7_000, 14);
        CachedObject old = h.fill("k", v1);
        byte[] firstSlice = drain(old.read(0, SLICE));
        CachedObject fresh = h.fill("k", v2);
        assertThat(h.store.get("k").orElseThrow()).isSameAs(fresh);
        assertThat(old.removed()).isTrue();
        assertThat(old.failed()).isFalse();
        byte[] rest = StoreHarness.read(old, SLICE, v1.length, Long.MAX_VALUE);
        assertThat(firstSlice).isEqualTo(Arrays.copyOf(v1, SLICE));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(v1, SLICE, v1.length));
        assertThat(readAll(fresh)).isEqualTo(v2);
        h.checkInvariants();

        h.clock.advance(ContentStore.RETIRED_GRACE);
        h.store.cleanUp();
        assertThat(h.store.lingering()).isZero();
        assertThatThrownBy(() -> old.read(SLICE, 10)).isInstanceOf(IOException.class)
                .isNotInstanceOf(CorruptObjectException.class).hasMessageContaining("replaced or removed");
        h.reopen();
        assertThat(readAll(h.store.get("k").orElseThrow())).isEqualTo(v2);
    }

    @Test
    void read_rejects_bad_arguments_with_clear_messages() throws IOException {
        CachedObject o = h.fill("args", body(100, 15));
        assertThatThrownBy(() -> o.read(-1, 10)).hasMessage("offset: -1 (expected: >= 0)");
        assertThatThrownBy(() -> o.read(0, 0)).hasMessage("max: 0 (expected: > 0)");
        assertThatThrownBy(() -> o.available(-5)).hasMessage("offset: -5 (expected: >= 0)");
        assertThatThrownBy(() -> h.store.get("")).hasMessage("key: \"\" (expected: a non-empty key)");
        assertThatThrownBy(() -> h.store.startFill("x", HEAD, -2))
                .hasMessage("expectedLength: -2 (expected: >= 0, or -1 if unknown)");
    }

    @Test
    void fill_longer_than_the_disk_capacity_is_refused_at_once() throws IOException {
        h.fill("k", body(100, 16));
        assertThat(h.store.fits(h.config.diskCapacity() + 1)).isFalse();
        Fill f = h.store.startFill("k", HEAD, h.config.diskCapacity() + 1);
        assertThat(f.object().failed()).isTrue();
        assertThat(f.object().failureReason()).contains("too large");
        assertThat(h.store.get("k")).isEmpty();
    }
}
