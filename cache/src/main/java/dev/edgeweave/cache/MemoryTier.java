package dev.edgeweave.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.netty.buffer.ByteBuf;

/**
 * The memory tier: whole bodies of small objects, one direct buffer each, in a Caffeine cache weighed by
 * bytes (maximumWeight = memory capacity). Readers get {@code retainedSlice}s of the stored buffer; the
 * tier's own reference is released by the removal listener when the entry is evicted, replaced or
 * invalidated.
 *
 * <p>The race between a reader retaining and eviction releasing is closed by {@link Entry}: both take its
 * monitor, and a released entry hands out nothing, so a reader either holds its own reference before the
 * tier lets go of the buffer, or falls back to the disk tier.
 */
final class MemoryTier {

    /** One stored body and whether the tier has let go of it. */
    static final class Entry {
        private final ByteBuf buf;
        private boolean released;

        Entry(ByteBuf buf) {
            this.buf = buf;
        }

        synchronized ByteBuf retainedSlice(int index, int length) {
            return released ? null : buf.retainedSlice(index, length);
        }

        synchronized void release() {
            if (!released) {
                released = true;
                buf.release();
            }
        }

        int weight() {
            return buf.capacity();
        }
    }

    private final long objectMax;
    private final long capacity;
    private final Cache<StoredObject, Entry> cache;

    MemoryTier(long capacity, long objectMax) {
        this.objectMax = objectMax;
        this.capacity = capacity;
        this.cache = capacity > 0 && objectMax > 0
                ? Caffeine.newBuilder()
                        .maximumWeight(capacity)
                        .weigher((StoredObject k, Entry e) -> e.weight())
                        .executor(Runnable::run)
                        .removalListener((StoredObject k, Entry e, RemovalCause c) -> {
                            if (e != null) {
                                e.release();
                            }
                        })
                        .build()
                : null;
    }

    /** Whether a body of this length belongs in the memory tier: at most a quarter of it, never flushing it. */
    boolean eligible(long length) {
        return cache != null && length > 0 && length <= objectMax && length <= capacity / 4;
    }

    boolean contains(StoredObject o) {
        return cache != null && cache.getIfPresent(o) != null;
    }

    /** A retained slice of the stored body, or null when it is not in memory. */
    ByteBuf slice(StoredObject o, long offset, int length) {
        if (cache == null) {
            return null;
        }
        Entry e = cache.getIfPresent(o);
        return e == null ? null : e.retainedSlice((int) offset, length);
    }

    /** Stores a body, taking ownership of {@code body} (released at once if the object is there already). */
    void put(StoredObject o, ByteBuf body) {
        Entry fresh = new Entry(body);
        Entry prior = cache.asMap().putIfAbsent(o, fresh);
        if (prior != null) {
            fresh.release();
        }
    }

    void invalidate(StoredObject o) {
        if (cache != null) {
            cache.invalidate(o);
        }
    }

    /** Bytes held (after running pending maintenance). */
    long weightedSize() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    }

    /** Sum of the weights of the entries present (for invariant checks). */
    long sumOfEntries() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        long sum = 0;
        for (Entry e : cache.asMap().values()) {
            sum += e.weight();
        }
        return sum;
    }

    void clear() {
        if (cache != null) {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }
}
