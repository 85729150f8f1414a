package dev.edgeweave.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's content store: a memory tier for small hot objects (Caffeine, weighed by bytes) over a disk tier
 * of slice files that survives restarts.
 *
 * <ul>
 *   <li>{@link #get} finds the current version of a key: complete, sparse or still filling.</li>
 *   <li>{@link #startFill} creates a new version that readers see at once; its bytes go to slice files of
 *       {@link CacheConfig#sliceSize()} bytes and readers read them from there at their own pace
 *       ({@link CachedObject#read}, {@link CachedObject#onAvailable}), so a slow viewer never makes the store
 *       hold the object in heap.</li>
 *   <li>{@link #startSparse} / {@link #startSliceFill}: objects of known length filled slice by slice, so a
 *       range of a huge object never needs the whole object.</li>
 *   <li>Every slice has a CRC32C in the metadata (or, for sparse objects, the journal), checked on the first
 *       read after a restart: a corrupt or truncated entry is dropped, never served.</li>
 *   <li>Total bytes stay under {@link CacheConfig#diskCapacity()} (fills in progress count as they grow) and
 *       {@link CacheConfig#memoryCapacity()}.</li>
 *   <li>Durability: metadata is written to a temp file and renamed into place before {@link Fill#complete}
 *       returns, so the object survives a process restart; its fsync runs on a background thread (a store's
 *       "cache-sync" thread, drained by {@link #close}), so no caller thread waits for the disk.</li>
 * </ul>
 * Thread safety: every method may be called from any thread; one thread writes each {@link Fill}.
 * See {@link DiskSpace} for eviction and for how replaced versions stay readable for
 * {@link #RETIRED_GRACE}.
 *
 * <p>About 500 lines, half of them the public API's documentation; the rest are the transitions that touch
 * the index, both tiers and the running fills together (retire, evict, fail, drop as corrupt), kept in one
 * place on purpose. Metadata I/O lives in {@link MetaWriter}, recovery in {@link Recovery}.
 */
public final class ContentStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContentStore.class);

    /** How long a replaced, removed or evicted version's slice files stay readable after its last read. */
    public static final Duration RETIRED_GRACE = Duration.ofSeconds(10);

    private final CacheConfig config;
    private final Clock clock;
    private final ByteBufAllocator alloc;
    private final ObjectFiles files;
    private final java.io.Closeable dirLock;
    private final MetaWriter meta;
    private final MetaSyncer syncer;
    private final ConcurrentHashMap<String, StoredObject> index = new ConcurrentHashMap<>();
    private final DiskSpace space;
    private final MemoryTier memory;
    private final Set<Fill> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong versions;
    private final LongAdder memoryHits = new LongAdder();
    private final LongAdder diskHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder corruptDropped = new LongAdder();
    private volatile boolean closed;

    private ContentStore(CacheConfig config, Clock clock, ByteBufAllocator alloc, ObjectFiles files,
                         java.io.Closeable dirLock, long firstVersion) {
        this.config = config;
        this.clock = clock;
        this.alloc = alloc;
        this.files = files;
        this.dirLock = dirLock;
        this.versions = new AtomicLong(firstVersion);
        this.memory = new MemoryTier(config.memoryCapacity(), config.memoryObjectMax());
        this.space = new DiskSpace(config.diskCapacity(), RETIRED_GRACE.toMillis(), clock::millis);
        this.syncer = new MetaSyncer("cache-sync " + config.dir().getFileName());
        this.meta = new MetaWriter(files, space, syncer);
        this.space.listener(new DiskSpace.Listener() {
            @Override
            public void evicted(StoredObject o, boolean lingering) {
                onEvicted(o, lingering);
            }

            @Override
            public void expired(StoredObject o) {
                meta.deleteFiles(o);
            }
        });
    }

    /** Opens the store on {@code config.dir()} with Netty's pooled allocator for the memory tier. */
    public static ContentStore open(CacheConfig config, Clock clock) throws IOException {
        return open(config, clock, PooledByteBufAllocator.DEFAULT);
    }

    /**
     * Opens the store: creates the directory when missing, takes an exclusive lock on it, rebuilds the index
     * from the files found (see {@link Recovery}) and logs one line:
     * {@code cache: recovered N objects, B bytes, dropped D (reasons…) in T ms}.
     *
     * @throws IOException when the directory cannot be used or another store holds it
     */
    public static ContentStore open(CacheConfig config, Clock clock, ByteBufAllocator alloc) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(alloc, "alloc");
        long t0 = System.nanoTime();
        Path root = config.dir();
        ObjectFiles.createLayout(root);
        java.io.Closeable lock = ObjectFiles.lock(root);
        ContentStore s;
        Recovery.Result r;
        try {
            ObjectFiles files = new ObjectFiles(root);
            r = Recovery.scan(files);
            s = new ContentStore(config, clock, alloc, files, lock, r.maxVersion() + 1);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        for (Recovery.Found f : r.objects()) {
            StoredObject o = StoredObject.recovered(s, f.meta(), f.hash(), f.sparseSlices());
            o.metaBytes = f.metaBytes();
            o.journalBytes = f.journalBytes();
            s.index.put(o.key(), o);
            s.space.adopt(o, f.bytes());
        }
        s.space.shrinkToFit();
        String evicted = s.space.evictions() > 0 ? "; " + s.space.evictions() + " evicted to fit the capacity" : "";
        log.info("cache: recovered {} objects, {} bytes, dropped {} ({}{}) in {} ms", s.index.size(),
                s.space.used(), r.droppedCount(), r.reasons(), evicted, (System.nanoTime() - t0) / 1_000_000);
        return s;
    }

    // ---- public API ----

    /** The current version of {@code key}: complete, sparse or still filling. Counts a memory/disk hit or a miss. */
    public Optional<CachedObject> get(String key) {
        checkOpen();
        requireKey(key);
        space.expire(false);
        StoredObject o = index.get(key);
        if (o == null) {
            misses.increment();
            return Optional.empty();
        }
        o.referenced = true;
        if (memory.contains(o)) {
            memoryHits.increment();
        } else {
            diskHits.increment();
        }
        return Optional.of(o);
    }

    /**
     * Starts a new version of {@code key}, visible to {@link #get} at once; it replaces the current version
     * (whose readers keep reading it, see {@link #RETIRED_GRACE}). An announced length larger than the disk
     * capacity gives a fill that is already aborted (its object {@link CachedObject#failed()}): check
     * {@link #fits} first and stream such a response without the cache.
     *
     * @param expectedLength the body length when known (Content-Length), else -1
     */
    public Fill startFill(String key, StoredHead head, long expectedLength) {
        checkOpen();
        requireKey(key);
        Objects.requireNonNull(head, "head");
        if (expectedLength < -1) {
            throw new IllegalArgumentException("expectedLength: " + expectedLength
                    + " (expected: >= 0, or -1 if unknown)");
        }
        StoredObject o = StoredObject.filling(this, key, ObjectFiles.hashOf(key), versions.getAndIncrement(), head,
                expectedLength, config.sliceSize());
        Fill fill = new Fill(this, o, -1, expectedLength);
        if (!fits(expectedLength)) {
            StoredObject old = index.remove(key);
            if (old != null) {
                retire(old, "replaced", false);
            }
            fill.abort("too large for the cache: " + expectedLength + " bytes (disk capacity "
                    + config.diskCapacity() + ")");
            return fill;
        }
        running.add(fill);
        space.track(o);
        StoredObject old = index.put(key, o);
        if (old != null) {
            retire(old, "replaced", false);
        }
        return fill;
    }

    /**
     * Starts a sparse version of {@code key}: an object of known length whose slices are filled one by one
     * ({@link #startSliceFill}); it replaces the current version. Its metadata is written at once, so stored
     * slices survive a restart. Returns an object that {@link CachedObject#failed()} (and is not stored) when
     * the metadata cannot be written.
     */
    public CachedObject startSparse(String key, StoredHead head, long totalLength) {
        checkOpen();
        requireKey(key);
        Objects.requireNonNull(head, "head");
        if (totalLength <= 0) {
            throw new IllegalArgumentException("totalLength: " + totalLength + " (expected: > 0)");
        }
        StoredObject o = StoredObject.sparse(this, key, ObjectFiles.hashOf(key), versions.getAndIncrement(), head,
                totalLength, config.sliceSize());
        if (!meta.writeSparse(o)) {
            return o;
        }
        space.track(o);
        StoredObject old = index.put(key, o);
        if (old != null) {
            retire(old, "replaced", false);
        }
        return o;
    }

    /**
     * Starts filling slice {@code sliceIndex} of a sparse object. Empty if that slice is present, another fill
     * for it is running (wait with {@link CachedObject#onAvailable}), or the object was removed.
     */
    public Optional<Fill> startSliceFill(CachedObject sparse, int sliceIndex) {
        checkOpen();
        Objects.requireNonNull(sparse, "sparse");
        if (!(sparse instanceof StoredObject o) || !o.belongsTo(this)) {
            throw new IllegalArgumentException("sparse: " + sparse + " (expected: an object of this store)");
        }
        if (!o.sparse()) {
            throw new IllegalArgumentException("sparse: " + o.key() + " is not sparse (expected: from startSparse)");
        }
        int n = o.sliceCount();
        if (sliceIndex < 0 || sliceIndex >= n) {
            throw new IllegalArgumentException("sliceIndex: " + sliceIndex + " (expected: 0.." + (n - 1) + ")");
        }
        if (!o.reserveSlice(sliceIndex)) {
            return Optional.empty();
        }
        Fill f = new Fill(this, o, sliceIndex, o.sliceLength(sliceIndex));
        running.add(f);
        return Optional.of(f);
    }

    /** Replaces the stored head of {@code key} (after a 304 revalidation) and persists it; no-op when absent. */
    public void updateHead(String key, StoredHead head) {
        checkOpen();
        requireKey(key);
        Objects.requireNonNull(head, "head");
        StoredObject o = index.get(key);
        if (o == null) {
            log.debug("cache: updateHead for {}: not stored", key);
            return;
        }
        o.setHead(head);
        meta.rewrite(o);
    }

    /** Invalidates {@code key}: its files are deleted (open readers unaffected); a fill still running fails. */
    public boolean remove(String key) {
        checkOpen();
        requireKey(key);
        StoredObject o = index.remove(key);
        if (o == null) {
            return false;
        }
        retire(o, "removed", false);
        return true;
    }

    /** Whether an object of {@code length} bytes can be stored at all ({@code -1}, unknown: yes). */
    public boolean fits(long length) {
        return length <= config.diskCapacity();
    }

    /** A snapshot of the counters; also runs pending maintenance (see {@link #cleanUp}). */
    public Stats stats() {
        space.expire(false);
        return new Stats(index.size(), memory.weightedSize(), space.used(), memoryHits.sum(), diskHits.sum(),
                misses.sum(), space.evictions(), corruptDropped.sum());
    }

    /**
     * Runs pending maintenance: deletes the files of replaced/removed versions whose grace period ended. Also
     * run by {@link #get} and {@link #stats}; an idle edge may call it now and then.
     */
    public void cleanUp() {
        space.expire(false);
    }

    /** The configuration this store runs with. */
    public CacheConfig config() {
        return config;
    }

    /** Aborts fills in progress, empties the memory tier, deletes lingering files, unlocks the directory. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Fill f : List.copyOf(running)) {
            f.abort("store closed");
        }
        memory.clear();
        space.expire(true);
        syncer.close();
        try {
            dirLock.close();
        } catch (IOException e) {
            log.warn("cache: could not unlock {}: {}", config.dir(), e.toString());
        }
        log.info("cache: closed {} with {} objects, {} bytes on disk", config.dir(), index.size(), space.used());
    }

    // ---- package-private: used by StoredObject, Fill, tests ----

    MemoryTier memory() {
        return memory;
    }

    ObjectFiles files() {
        return files;
    }

    long nowMillis() {
        return clock.millis();
    }

    Collection<StoredObject> indexed() {
        return index.values();
    }

    int lingering() {
        return space.lingering();
    }

    List<StoredObject> lingeringObjects() {
        return space.lingeringObjects();
    }

    int runningFills() {
        return running.size();
    }

    boolean charge(StoredObject o, long bytes) {
        return space.charge(o, bytes);
    }

    void release(StoredObject o, long bytes) {
        space.release(o, bytes);
    }

    void fillEnded(Fill f) {
        running.remove(f);
    }

    /** Serves from the memory tier, copying the body there first if it is not; null to use the disk tier. */
    ByteBuf readFromMemory(StoredObject o, long offset, int n) throws IOException {
        ByteBuf b = memory.slice(o, offset, n);
        if (b != null || o.removed()) {
            return b;
        }
        memory.put(o, o.loadBody(alloc));
        if (o.removed()) {
            memory.invalidate(o);
            return null;
        }
        return memory.slice(o, offset, n);
    }

    /** Copies a just-completed small object into the memory tier (best effort). */
    void promote(StoredObject o) {
        if (!memory.eligible(o.length()) || !o.complete() || o.removed() || o.inMemory()) {
            return;
        }
        try {
            memory.put(o, o.loadBody(alloc));
            if (o.removed()) {
                memory.invalidate(o);
            }
        } catch (IOException e) {
            log.debug("cache: {} not copied to memory: {}", o.key(), e.toString());
        }
    }

    /** Writes the metadata of a whole object that finished filling and marks it complete; returns waiters. */
    List<Runnable> commit(StoredObject o, long length) throws IOException {
        return meta.commit(o, length);
    }

    /** Appends a stored slice's record to a sparse object's journal. */
    void appendJournal(StoredObject o, MetaCodec.SliceRecord r) throws IOException {
        meta.appendJournal(o, r);
    }

    /** A whole-object fill aborted: the object fails, leaves the index, its files go. */
    void failFill(StoredObject o, String reason) {
        List<Runnable> wake = o.fail(reason);
        index.remove(o.key(), o);
        if (wake != null) {
            log.info("cache: fill of {} aborted: {}", o.key(), reason);
        }
        retire(o, reason, true);
        if (wake != null) {
            runCallbacks(wake);
        }
    }

    /** A sparse slice fill aborted: the slice is absent again, its file and reservation go. */
    void abortSlice(StoredObject o, int slice, long charge) {
        List<Runnable> wake = o.sliceAborted(slice);
        if (wake != null) {
            meta.deleteSlice(o, slice);
            space.release(o, charge);
            runCallbacks(wake);
        }
    }

    /** Drops an object whose bytes failed a check; returns the exception for the reader to throw. */
    CorruptObjectException corrupt(StoredObject o, String why) {
        List<Runnable> wake = o.fail("corrupt: " + why);
        if (wake != null) {
            corruptDropped.increment();
            log.warn("cache: dropped corrupt object {} (version {}): {}", o.key(), o.version, why);
        }
        index.remove(o.key(), o);
        retire(o, "corrupt", true);
        if (wake != null) {
            runCallbacks(wake);
        }
        return new CorruptObjectException("cached object " + o.key() + " is corrupt (" + why + "); dropped it");
    }

    /** Takes a version out of the store: waiters woken, fills aborted, files deleted now or after the grace. */
    private void retire(StoredObject o, String cause, boolean deleteNow) {
        List<Runnable> wake = o.markRemoved(cause);
        if (wake == null) {
            if (deleteNow) {
                meta.deleteFiles(o);
                space.retire(o, false, 0);
            }
            return;
        }
        for (Fill f : running) {
            if (f.stored() == o) {
                f.abort(cause);
            }
        }
        memory.invalidate(o);
        boolean linger = !deleteNow && !o.failed() && o.lastReadMillis + RETIRED_GRACE.toMillis() > nowMillis();
        if (linger) {
            meta.deleteMeta(o);
            space.retire(o, true, o.metaBytes + o.journalBytes);
        } else {
            meta.deleteFiles(o);
            space.retire(o, false, 0);
        }
        log.debug("cache: {} {} ({})", cause, o, linger ? "files kept for recent readers" : "files deleted");
        runCallbacks(wake);
    }

    private void onEvicted(StoredObject o, boolean lingering) {
        index.remove(o.key(), o);
        memory.invalidate(o);
        if (lingering) {
            meta.deleteMeta(o);
        } else {
            meta.deleteFiles(o);
        }
        log.debug("cache: evicted {}", o);
        runCallbacks(o.drainWaiters());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("content store " + config.dir() + " is closed");
        }
    }

    private static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key: \"\" (expected: a non-empty key)");
        }
    }

    static void runCallback(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("cache: onAvailable callback threw", e);
        }
    }

    static void runCallbacks(List<Runnable> rs) {
        for (Runnable r : rs) {
            runCallback(r);
        }
    }

    /** Sum of the memory tier's entry weights (for invariant checks). */
    long memorySumOfEntries() {
        return memory.sumOfEntries();
    }

    @Override
    public String toString() {
        return "ContentStore[" + config.dir() + ", " + index.size() + " objects]";
    }
}
