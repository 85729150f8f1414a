package dev.edgeweave.cache;

import static dev.edgeweave.cache.StoreHarness.HEAD;
import static dev.edgeweave.cache.StoreHarness.body;
import static dev.edgeweave.cache.StoreHarness.drain;
import static dev.edgeweave.cache.StoreHarness.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both caps hold: the disk tier evicts idle objects (CLOCK), counts fills in progress; the memory tier by weight. */
class CapacityTest {

    static final int SLICE = 4096;

    @TempDir
    Path tmp;
    StoreHarness h;

    private void open(long memory, long disk, long memoryObjectMax) throws IOException {
        h = new StoreHarness(new CacheConfig(tmp.resolve("cache"), memory, disk, SLICE, memoryObjectMax));
    }

    @AfterEach
    void invariants() throws IOException {
        h.checkInvariants();
        h.close();
    }

    @Test
    void disk_cap_is_respected_under_many_inserts_and_evicted_files_are_deleted() throws IOException {
        open(1 << 20, 200_000, 0);
        for (int i = 0; i < 100; i++) {
            h.fill("k" + i, body(10_000, i));
            assertThat(h.store.stats().diskBytes()).isLessThanOrEqualTo(200_000);
        }
        Stats s = h.store.stats();
        assertThat(s.evictions()).isGreaterThan(70);
        assertThat(s.objects()).isBetween(15L, 20L);
        assertThat(h.store.get("k0")).as("oldest evicted").isEmpty();
        assertThat(readAll(h.store.get("k99").orElseThrow())).isEqualTo(body(10_000, 99));
        h.checkInvariants();
        h.reopen();
        assertThat(h.store.stats().objects()).isEqualTo(s.objects());
    }

    @Test
    void objects_read_since_the_last_sweep_are_spared_once() throws IOException {
        open(0, 60_000, 0);
        for (int i = 0; i < 5; i++) {
            h.fill("k" + i, body(10_000, i));
        }
        assertThat(h.store.get("k0")).isPresent();
        h.fill("k5", body(10_000, 5));
        assertThat(h.store.get("k0")).as("referenced: spared").isPresent();
        assertThat(h.store.get("k1")).as("idle: evicted").isEmpty();
    }

    @Test
    void fills_in_progress_count_against_the_cap_and_are_never_evicted() throws IOException {
        open(0, 100_000, 0);
        h.fill("old", body(30_000, 1));
        Fill a = h.store.startFill("a", HEAD, -1);
        StoreHarness.write(a, body(60_000, 2), 0, 60_000, 10_000);
        Fill b = h.store.startFill("b", HEAD, -1);
        assertThatThrownBy(() -> StoreHarness.write(b, body(60_000, 3), 0, 60_000, 10_000))
                .isInstanceOf(IOException.class).hasMessageContaining("no disk space");
        assertThat(b.object().failed()).isTrue();
        assertThat(h.store.get("old")).as("evicted to make room for b").isEmpty();
        assertThat(h.store.stats().diskBytes()).isLessThanOrEqualTo(100_000);
        StoreHarness.write(a, body(60_000, 2), 0, 0, 1);
        a.complete();
        assertThat(readAll(a.object())).isEqualTo(body(60_000, 2));
    }

    @Test
    void evicted_object_being_read_lingers_for_its_reader_until_the_grace_ends() throws IOException {
        open(0, 60_000, 0);
        CachedObject first = h.fill("k0", body(20_000, 0));
        byte[] head = drain(first.read(0, SLICE));
        for (int i = 1; i < 10 && !first.removed(); i++) {
            h.fill("k" + i, body(20_000, i));
        }
        assertThat(first.removed()).as("evicted").isTrue();
        assertThat(h.store.lingering()).isEqualTo(1);
        byte[] rest = StoreHarness.read(first, SLICE, 20_000, Long.MAX_VALUE);
        assertThat(head).isEqualTo(Arrays.copyOf(body(20_000, 0), SLICE));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(body(20_000, 0), SLICE, 20_000));
        assertThat(h.store.stats().diskBytes()).isLessThanOrEqualTo(60_000);
        h.checkInvariants();
        h.clock.advance(ContentStore.RETIRED_GRACE.minusMillis(1));
        h.store.cleanUp();
        assertThat(h.store.lingering()).as("read at the grace's start: still there").isEqualTo(1);
        h.clock.advance(java.time.Duration.ofMillis(1));
        h.store.cleanUp();
        assertThat(h.store.lingering()).isZero();
    }

    @Test
    void lingering_files_go_when_nothing_else_can_make_room() throws IOException {
        open(0, 60_000, 0);
        CachedObject k0 = h.fill("k0", body(20_000, 0));
        drain(k0.read(0, 10));
        h.store.remove("k0");
        assertThat(h.store.lingering()).isEqualTo(1);
        Fill a = h.store.startFill("a", HEAD, -1);
        StoreHarness.write(a, body(50_000, 1), 0, 50_000, 10_000);
        a.complete();
        assertThat(h.store.lingering()).isZero();
        assertThat(readAll(a.object())).isEqualTo(body(50_000, 1));
    }

    @Test
    void reopening_with_a_smaller_capacity_evicts_down_to_it() throws IOException {
        open(0, 1 << 20, 0);
        for (int i = 0; i < 10; i++) {
            h.fill("k" + i, body(10_000, i));
        }
        h.reopen(h.config.withDiskCapacity(50_000));
        assertThat(h.store.stats().diskBytes()).isLessThanOrEqualTo(50_000);
        assertThat(h.store.get("k9")).isPresent();
        assertThat(h.store.get("k0")).isEmpty();
    }

    @Test
    void memory_cap_is_respected_and_evicted_buffers_are_released() throws IOException {
        open(64 * 1024, 8 << 20, 16 * 1024);
        for (int i = 0; i < 30; i++) {
            CachedObject o = h.fill("k" + i, body(10_000, i));
            assertThat(readAll(o)).isEqualTo(body(10_000, i));
            assertThat(h.store.stats().memoryBytes()).isLessThanOrEqualTo(64 * 1024);
            h.checkInvariants();
        }
        assertThat(h.store.stats().memoryBytes()).isGreaterThan(0);
        for (int i = 0; i < 30; i++) {
            assertThat(readAll(h.store.get("k" + i).orElseThrow())).isEqualTo(body(10_000, i));
        }
    }

    @Test
    void objects_larger_than_memoryObjectMax_are_served_from_disk() throws IOException {
        open(1 << 20, 8 << 20, 16 * 1024);
        CachedObject big = h.fill("big", body(20_000, 1));
        CachedObject small = h.fill("small", body(16 * 1024, 2));
        assertThat(big.inMemory()).isFalse();
        assertThat(small.inMemory()).isTrue();
        BodyChunk c = big.read(0, 100);
        assertThat(c).isInstanceOf(BodyChunk.File.class);
        drain(c);
    }

    @Test
    void memory_capacity_zero_disables_the_memory_tier() throws IOException {
        open(0, 8 << 20, 16 * 1024);
        CachedObject o = h.fill("k", body(1_000, 1));
        assertThat(o.inMemory()).isFalse();
        BodyChunk c = o.read(0, 100);
        assertThat(c).isInstanceOf(BodyChunk.File.class);
        drain(c);
        assertThat(h.store.stats().memoryBytes()).isZero();
    }
}
