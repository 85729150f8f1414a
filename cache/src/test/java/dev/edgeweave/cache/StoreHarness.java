package dev.edgeweave.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A content store on a temp dir with a test clock and its own pooled allocator (no thread caches, so the
 * arena counters show every live buffer), plus the invariants checked after every test:
 * the files on disk are exactly those of the indexed (and lingering) objects, their sizes add up to
 * {@code stats().diskBytes()} within the capacity, the memory tier's weights add up and equal the live
 * buffers, and closing the store leaves no buffer allocated.
 */
final class StoreHarness implements AutoCloseable {

    static final StoredHead HEAD = new StoredHead(200,
            List.of(new Header("Content-Type", "video/mp2t"), new Header("ETag", "\"v1\"")), 1_000, 1_010);

    final Path dir;
    final TestClock clock = new TestClock(1_700_000_000_000L);
    final PooledByteBufAllocator alloc = new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0, false);
    CacheConfig config;
    ContentStore store;

    StoreHarness(CacheConfig config) throws IOException {
        this.dir = config.dir();
        this.config = config;
        this.store = ContentStore.open(config, clock, alloc);
    }

    /** Closes the store and opens it again on the same directory. */
    ContentStore reopen() throws IOException {
        return reopen(config);
    }

    ContentStore reopen(CacheConfig next) throws IOException {
        store.close();
        config = next;
        store = ContentStore.open(next, clock, alloc);
        return store;
    }

    static byte[] body(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Stores {@code body} under {@code key} in writes of {@code chunk} bytes, announcing the length or not. */
    CachedObject fill(String key, byte[] body, int chunk, boolean announce) throws IOException {
        Fill f = store.startFill(key, HEAD, announce ? body.length : -1);
        write(f, body, 0, body.length, chunk);
        f.complete();
        return f.object();
    }

    CachedObject fill(String key, byte[] body) throws IOException {
        return fill(key, body, 3_000, true);
    }

    static void write(Fill f, byte[] body, int from, int to, int chunk) throws IOException {
        for (int off = from; off < to; off += chunk) {
            ByteBuf b = Unpooled.wrappedBuffer(body, off, Math.min(chunk, to - off));
            try {
                f.write(b);
            } finally {
                b.release();
            }
        }
    }

    /** Copies a chunk's bytes out and releases/closes it. */
    static byte[] drain(BodyChunk c) throws IOException {
        byte[] out = new byte[(int) c.length()];
        if (c instanceof BodyChunk.Memory m) {
            try {
                m.buf().getBytes(m.buf().readerIndex(), out);
            } finally {
                m.buf().release();
            }
        } else if (c instanceof BodyChunk.File f) {
            try (var ch = f.channel()) {
                ByteBuffer bb = ByteBuffer.wrap(out);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, f.position() + bb.position()) < 0) {
                        throw new IOException("short file");
                    }
                }
            }
        }
        return out;
    }

    /** Reads [offset, end) with reads of at most {@code max} bytes. */
    static byte[] read(CachedObject o, long offset, long end, long max) throws IOException {
        byte[] out = new byte[(int) (end - offset)];
        int at = 0;
        while (offset + at < end) {
            byte[] part = drain(o.read(offset + at, Math.min(max, end - offset - at)));
            assertThat(part.length).as("bytes at %d", offset + at).isPositive();
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    static byte[] readAll(CachedObject o) throws IOException {
        return read(o, 0, o.length(), Long.MAX_VALUE);
    }

    /** Live buffers of the allocator. */
    long activeAllocations() {
        return alloc.metric().directArenas().stream().mapToLong(PoolArenaMetric::numActiveAllocations).sum();
    }

    Map<String, Long> filesOnDisk() throws IOException {
        Map<String, Long> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals("lock")) {
                    out.put(dir.relativize(p).toString(), Files.size(p));
                }
            }
        }
        return out;
    }

    /** The store's invariants; callers make sure no fill is running and every chunk was released. */
    void checkInvariants() throws IOException {
        assertThat(store.runningFills()).as("fills still running").isZero();
        Stats stats = store.stats();
        Map<String, Long> expected = new HashMap<>();
        long charged = 0;
        for (StoredObject o : store.indexed()) {
            expectFiles(o, expected, true);
            charged += o.charged;
        }
        for (StoredObject o : store.lingeringObjects()) {
            expectFiles(o, expected, false);
            charged += o.charged;
        }
        Map<String, Long> actual = filesOnDisk();
        assertThat(actual).as("files on disk vs index").isEqualTo(expected);
        long sum = actual.values().stream().mapToLong(Long::longValue).sum();
        assertThat(stats.diskBytes()).as("diskBytes vs files").isEqualTo(sum).isEqualTo(charged)
                .isLessThanOrEqualTo(config.diskCapacity());
        assertThat(stats.objects()).isEqualTo(store.indexed().size());
        assertThat(stats.memoryBytes()).as("memory weights").isEqualTo(store.memorySumOfEntries())
                .isLessThanOrEqualTo(config.memoryCapacity());
        long inMemory = store.indexed().stream().filter(StoredObject::inMemory).count();
        assertThat(activeAllocations()).as("live buffers vs memory entries").isEqualTo(inMemory);
    }

    private void expectFiles(StoredObject o, Map<String, Long> expected, boolean indexed) {
        ObjectFiles files = store.files();
        if (indexed && (o.complete() || o.sparse())) {
            expected.put(dir.relativize(files.meta(o.hash, o.version)).toString(), o.metaBytes);
            if (o.journalBytes > 0) {
                expected.put(dir.relativize(files.journal(o.hash, o.version)).toString(), o.journalBytes);
            }
        }
        for (int i : o.sliceFiles()) {
            expected.put(dir.relativize(files.slice(o.hash, o.version, i)).toString(), (long) o.storedLength(i));
        }
    }

    @Override
    public void close() {
        store.close();
        assertThat(activeAllocations()).as("buffers left after close").isZero();
    }
}
