package dev.edgeweave.cache;

import static dev.edgeweave.cache.StoreHarness.body;
import static dev.edgeweave.cache.StoreHarness.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What open finds on disk after crashes and tampering: kept, dropped with a reason, or deleted as orphan. */
class RecoveryTest {

    @TempDir
    Path tmp;
    StoreHarness h;

    @BeforeEach
    void open() throws IOException {
        h = new StoreHarness(new CacheConfig(tmp.resolve("cache"), 1 << 20, 8 << 20, 4096, 0));
    }

    @AfterEach
    void invariants() throws IOException {
        h.checkInvariants();
        h.close();
    }

    private StoredObject fill(String key, int size, int seed) throws IOException {
        return (StoredObject) h.fill(key, body(size, seed));
    }

    @Test
    void orphan_slices_and_temp_files_are_deleted_at_open_and_versions_move_past_them() throws IOException {
        fill("a", 5_000, 1);
        ObjectFiles files = h.store.files();
        String ghost = ObjectFiles.hashOf("ghost");
        Files.createDirectories(files.dir(ghost));
        Files.write(files.slice(ghost, 0x99, 0), new byte[100]);
        Files.write(files.slice(ghost, 0x99, 1), new byte[100]);
        Files.write(files.metaTmp(ghost, 0x99), new byte[10]);
        h.reopen();
        assertThat(h.filesOnDisk().keySet()).noneMatch(n -> n.contains(ghost));
        assertThat(readAll(h.store.get("a").orElseThrow())).isEqualTo(body(5_000, 1));
        StoredObject next = fill("b", 10, 2);
        assertThat(next.version).isGreaterThan(0x99);
    }

    @Test
    void corrupt_metadata_drops_the_object_and_its_slices() throws IOException {
        StoredObject o = fill("a", 5_000, 1);
        fill("b", 5_000, 2);
        Path meta = h.store.files().meta(o.hash, o.version);
        h.store.close();
        try (RandomAccessFile raf = new RandomAccessFile(meta.toFile(), "rw")) {
            raf.seek(30);
            int v = raf.read();
            raf.seek(30);
            raf.write(v ^ 0x10);
        }
        h.reopen();
        assertThat(h.store.get("a")).isEmpty();
        assertThat(h.store.get("b")).isPresent();
    }

    @Test
    void missing_slice_file_drops_the_object_at_open() throws IOException {
        StoredObject o = fill("a", 10_000, 1);
        Path slice = h.store.files().slice(o.hash, o.version, 1);
        h.store.close();
        Files.delete(slice);
        h.reopen();
        assertThat(h.store.get("a")).isEmpty();
    }

    @Test
    void metadata_under_another_key_hash_is_dropped() throws IOException {
        StoredObject o = fill("a", 100, 1);
        ObjectFiles files = h.store.files();
        String other = ObjectFiles.hashOf("other");
        h.store.close();
        Files.createDirectories(files.dir(other));
        Files.move(files.meta(o.hash, o.version), files.meta(other, o.version));
        Files.move(files.slice(o.hash, o.version, 0), files.slice(other, o.version, 0));
        h.reopen();
        assertThat(h.store.get("a")).isEmpty();
        assertThat(h.store.get("other")).isEmpty();
    }

    @Test
    void of_two_versions_left_by_a_crash_the_newer_wins() throws IOException {
        StoredObject v1 = fill("a", 5_000, 1);
        ObjectFiles files = h.store.files();
        Path saved = Files.createDirectories(tmp.resolve("saved"));
        Path meta = files.meta(v1.hash, v1.version);
        Files.copy(meta, saved.resolve("meta"));
        Files.copy(files.slice(v1.hash, v1.version, 0), saved.resolve("s0"));
        Files.copy(files.slice(v1.hash, v1.version, 1), saved.resolve("s1"));
        fill("a", 3_000, 2);
        h.store.close();
        Files.copy(saved.resolve("meta"), meta, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(saved.resolve("s0"), files.slice(v1.hash, v1.version, 0));
        Files.copy(saved.resolve("s1"), files.slice(v1.hash, v1.version, 1));
        h.reopen();
        assertThat(readAll(h.store.get("a").orElseThrow())).isEqualTo(body(3_000, 2));
        assertThat(h.store.stats().objects()).isEqualTo(1);
    }

    @Test
    void a_second_store_on_the_same_directory_is_refused() {
        assertThatThrownBy(() -> ContentStore.open(h.config, Clock.systemUTC(), h.alloc))
                .isInstanceOf(IOException.class).hasMessageContaining("in use by another content store");
    }

    @Test
    void foreign_files_in_the_cache_directory_are_left_alone() throws IOException {
        Path readme = Files.createDirectories(h.dir.resolve("ab")).resolve("README");
        Files.writeString(readme, "not ours");
        h.reopen();
        assertThat(readme).exists();
        Files.delete(readme);
    }

    @Test
    void closed_store_refuses_calls_with_a_clear_message() {
        h.store.close();
        assertThatThrownBy(() -> h.store.get("a")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        h.store = null;
        try {
            h.store = ContentStore.open(h.config, h.clock, h.alloc);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
