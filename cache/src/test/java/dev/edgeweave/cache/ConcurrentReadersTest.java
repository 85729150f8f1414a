package dev.edgeweave.cache;

import static dev.edgeweave.cache.StoreHarness.HEAD;
import static dev.edgeweave.cache.StoreHarness.body;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers retaining memory-tier buffers race eviction, replacement and removal releasing them. Every body is
 * a function of its key, so any byte read from a freed (and, with the pooled allocator, reused) buffer shows
 * up as a content mismatch; after the run no buffer is left (paranoid leak detection is on in surefire too).
 */
class ConcurrentReadersTest {

    static final int KEYS = 12;
    static final int SIZE = 10_000;

    @TempDir
    Path tmp;
    StoreHarness h;

    @BeforeEach
    void open() throws IOException {
        // memory holds ~4 of the 12 bodies: constant eviction; disk holds them all
        h = new StoreHarness(new CacheConfig(tmp.resolve("cache"), 40 * 1024, 8 << 20, 4096, 16 * 1024));
    }

    @AfterEach
    void invariants() throws IOException {
        h.checkInvariants();
        h.close();
    }

    private static byte[] expected(int key) {
        return body(SIZE, key);
    }

    @Test
    void concurrent_readers_vs_eviction_replacement_and_removal_read_right_bytes_and_leak_nothing()
            throws Exception {
        for (int k = 0; k < KEYS; k++) {
            h.fill("k" + k, expected(k));
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            long seed = t;
            threads.add(new Thread(() -> readLoop(seed, 3_000, reads, errors), "reader-" + t));
        }
        threads.add(new Thread(() -> writeLoop(400, errors), "writer"));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(60_000);
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        assertThat(errors).isEmpty();
        assertThat(reads.get()).isGreaterThan(1_000);
        assertThat(h.store.stats().memoryHits()).isPositive();
        h.clock.advance(ContentStore.RETIRED_GRACE);
        h.store.cleanUp();
    }

    @Test
    void readers_on_their_own_executors_stream_an_object_while_it_fills_and_the_store_buffers_nothing()
            throws Exception {
        byte[] b = body(3 << 20, 7);
        Fill f = h.store.startFill("live", HEAD, -1);
        CachedObject o = f.object();
        List<java.util.concurrent.ExecutorService> loops = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<Long>> done = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            java.util.concurrent.ExecutorService loop = java.util.concurrent.Executors.newSingleThreadExecutor();
            loops.add(loop);
            java.util.concurrent.CompletableFuture<Long> result = new java.util.concurrent.CompletableFuture<>();
            done.add(result);
            loop.execute(() -> pump(o, 0, b, loop, result));
        }
        AtomicLong maxLive = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                Random rnd = new Random(3);
                for (int off = 0; off < b.length; ) {
                    int n = Math.min(b.length - off, 1 + rnd.nextInt(20_000));
                    StoreHarness.write(f, b, off, off + n, n);
                    off += n;
                    maxLive.accumulateAndGet(h.activeAllocations(), Math::max);
                }
                f.complete();
            } catch (IOException e) {
                done.forEach(d -> d.completeExceptionally(e));
            }
        }, "writer");
        writer.start();
        for (java.util.concurrent.CompletableFuture<Long> d : done) {
            assertThat(d.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(b.length);
        }
        writer.join(30_000);
        loops.forEach(java.util.concurrent.ExecutorService::shutdown);
        assertThat(maxLive.get()).as("buffers the store held while filling").isZero();
        assertThat(o.complete()).isTrue();
    }

    /** An event-loop-style reader: reads what is there, then waits with onAvailable and resumes on its loop. */
    private static void pump(CachedObject o, long offset, byte[] want, java.util.concurrent.Executor loop,
                             java.util.concurrent.CompletableFuture<Long> result) {
        long off = offset;
        try {
            while (true) {
                if (o.failed()) {
                    throw new IOException("failed: " + o.failureReason());
                }
                if (o.complete() && off >= o.length()) {
                    result.complete(off);
                    return;
                }
                if (o.available(off) == 0) {
                    long at = off;
                    o.onAvailable(at, () -> loop.execute(() -> pump(o, at, want, loop, result)));
                    return;
                }
                BodyChunk c = o.read(off, 16 * 1024);
                byte[] part = chunkBytes(c);
                c.discard();
                if (!Arrays.equals(part, Arrays.copyOfRange(want, (int) off, (int) off + part.length))) {
                    throw new AssertionError("wrong bytes at " + off);
                }
                off += part.length;
            }
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    /** Reads whole bodies chunk by chunk, holding up to 8 chunks before releasing the oldest. */
    private void readLoop(long seed, int iterations, AtomicLong reads, ConcurrentLinkedQueue<Throwable> errors) {
        Random rnd = new Random(seed);
        ArrayDeque<BodyChunk> held = new ArrayDeque<>();
        try {
            for (int i = 0; i < iterations; i++) {
                int k = rnd.nextInt(KEYS);
                Optional<CachedObject> got = h.store.get("k" + k);
                if (got.isEmpty()) {
                    continue;
                }
                CachedObject o = got.get();
                byte[] want = expected(k);
                long off = 0;
                try {
                    while (off < o.available(0) && !o.failed()) {
                        BodyChunk c = o.read(off, 1 + rnd.nextInt(6_000));
                        if (c.length() == 0) {
                            break;
                        }
                        byte[] part = chunkBytes(c);
                        if (!Arrays.equals(part, Arrays.copyOfRange(want, (int) off, (int) off + part.length))) {
                            throw new AssertionError("k" + k + " at " + off + ": wrong bytes from " + c);
                        }
                        off += part.length;
                        held.add(c);
                        if (held.size() > 8) {
                            held.poll().discard();
                        }
                    }
                    reads.incrementAndGet();
                } catch (CorruptObjectException e) {
                    throw new AssertionError("no corruption expected", e);
                } catch (IOException e) {
                    // the object was aborted or removed while read: allowed
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        } finally {
            held.forEach(BodyChunk::discard);
        }
    }

    private static byte[] chunkBytes(BodyChunk c) throws IOException {
        byte[] out = new byte[(int) c.length()];
        if (c instanceof BodyChunk.Memory m) {
            m.buf().getBytes(m.buf().readerIndex(), out);
        } else if (c instanceof BodyChunk.File f) {
            java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(out);
            while (bb.hasRemaining()) {
                if (f.channel().read(bb, f.position() + bb.position()) < 0) {
                    throw new IOException("short");
                }
            }
        }
        return out;
    }

    /** Replaces, removes and re-adds keys: memory entries are evicted, replaced and invalidated under readers. */
    private void writeLoop(int iterations, ConcurrentLinkedQueue<Throwable> errors) {
        Random rnd = new Random(99);
        try {
            for (int i = 0; i < iterations; i++) {
                int k = rnd.nextInt(KEYS);
                if (rnd.nextInt(4) == 0) {
                    h.store.remove("k" + k);
                } else {
                    Fill f = h.store.startFill("k" + k, HEAD, rnd.nextBoolean() ? SIZE : -1);
                    StoreHarness.write(f, expected(k), 0, SIZE, 1 + rnd.nextInt(5_000));
                    f.complete();
                }
            }
        } catch (Throwable e) {
            errors.add(e);
        }
    }
}
