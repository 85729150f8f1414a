package dev.edgeweave.cache;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * One version of a stored object: its {@link SliceTable}, fill progress, waiters and the read path.
 *
 * <p>Locks: the object's monitor guards the slice table and the waiters and is held only briefly (a slice
 * file is created under it, so that creation and removal are ordered); {@link #metaLock} serialises
 * metadata writes and file deletion. Never call into {@link DiskSpace} while holding either. Callbacks run
 * outside both: methods that change state return the callbacks to run.
 *
 * <p>About 450 lines and kept whole on purpose: the slice table (in {@link SliceTable}), the waiters and the
 * state transitions share one monitor, and splitting them would spread that lock over several classes.
 */
final class StoredObject implements CachedObject {

    private final ContentStore store;
    private final String key;
    final String hash;
    final long version;
    private final boolean sparse;
    private final int sliceSize;

    private volatile StoredHead head;
    private volatile long length;
    /** Whole-object fills: contiguous bytes written so far. */
    private volatile long filled;
    private volatile boolean complete;
    private volatile String failure;
    private volatile boolean removed;
    /** CLOCK reference bit for the disk tier's eviction. */
    volatile boolean referenced;
    volatile long lastReadMillis = Long.MIN_VALUE / 2;

    // guarded by this
    private final SliceTable table;
    private int writers;
    private final List<Waiter> waiters = new ArrayList<>(0);

    /** Serialises metadata writes and file deletion. Guards {@link #hasMeta}. */
    final Object metaLock = new Object();
    boolean hasMeta;
    volatile long metaBytes;
    volatile long journalBytes;
    /** Bytes charged to the disk budget; guarded by DiskSpace's lock. */
    long charged;

    private record Waiter(long offset, Runnable callback) {
    }

    private StoredObject(ContentStore store, String key, String hash, long version, boolean sparse, int sliceSize,
                         StoredHead head, long length, int slots) {
        this.store = store;
        this.key = key;
        this.hash = hash;
        this.version = version;
        this.sparse = sparse;
        this.sliceSize = sliceSize;
        this.head = head;
        this.length = length;
        this.table = new SliceTable(slots);
    }

    /** A new whole-object fill (one writer registered). */
    static StoredObject filling(ContentStore store, String key, String hash, long version, StoredHead head,
                                long expectedLength, int sliceSize) {
        int slots = expectedLength >= 0 ? Math.max(1, slotCount(expectedLength, sliceSize)) : 4;
        StoredObject o = new StoredObject(store, key, hash, version, false, sliceSize, head, expectedLength, slots);
        o.writers = 1;
        return o;
    }

    /** A new sparse object of known length with no slice yet. */
    static StoredObject sparse(ContentStore store, String key, String hash, long version, StoredHead head,
                               long totalLength, int sliceSize) {
        return new StoredObject(store, key, hash, version, true, sliceSize, head, totalLength,
                slotCount(totalLength, sliceSize));
    }

    /** An object found on disk at open: its slices are verified on first read. */
    static StoredObject recovered(ContentStore store, MetaCodec.Meta m, String hash,
                                  List<MetaCodec.SliceRecord> sparseSlices) {
        int slots = slotCount(m.length(), m.sliceSize());
        StoredObject o = new StoredObject(store, m.key(), hash, m.version(), m.sparse(), m.sliceSize(), m.head(),
                m.length(), slots);
        if (m.sparse()) {
            for (MetaCodec.SliceRecord r : sparseSlices) {
                o.table.recovered(r.index(), r.length(), r.crc());
            }
        } else {
            for (int i = 0; i < slots; i++) {
                o.table.recovered(i, m.sliceLengths()[i], m.sliceCrcs()[i]);
            }
            o.filled = m.length();
        }
        o.complete = o.table.present() == slots;
        o.hasMeta = true;
        return o;
    }

    static int slotCount(long length, int sliceSize) {
        long n = (length + sliceSize - 1) / sliceSize;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("length: " + length + " (expected: at most "
                    + (Integer.MAX_VALUE - 8) + " slices of " + sliceSize + " bytes)");
        }
        return (int) n;
    }

    // ---- CachedObject ----

    @Override public String key() { return key; }
    @Override public StoredHead head() { return head; }
    @Override public long length() { return length; }
    @Override public int sliceSize() { return sliceSize; }
    @Override public boolean complete() { return complete && failure == null; }
    @Override public boolean failed() { return failure != null; }
    @Override public String failureReason() { return failure; }
    @Override public boolean sparse() { return sparse; }
    @Override public boolean removed() { return removed; }
    @Override public boolean inMemory() { return store.memory().contains(this); }

    @Override
    public synchronized boolean hasSlice(int index) {
        return table.stored(index);
    }

    /** Number of slices (for a sparse object, fixed by its length). */
    synchronized int sliceCount() {
        return sparse || complete ? table.size() : (int) ((filled + sliceSize - 1) / sliceSize);
    }

    /** Length of slice {@code index} of an object of known length. */
    int sliceLength(int index) {
        return (int) Math.min(sliceSize, length - (long) index * sliceSize);
    }

    @Override
    public long available(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        if (failure != null) {
            return 0;
        }
        if (!sparse) {
            return Math.max(0, (complete ? length : filled) - offset);
        }
        synchronized (this) {
            return availableLocked(offset);
        }
    }

    private long availableLocked(long offset) {
        if (!sparse) {
            return Math.max(0, (complete ? length : filled) - offset);
        }
        return offset >= length ? 0 : table.contiguous(offset, sliceSize);
    }

    @Override
    public BodyChunk read(long offset, long max) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        if (max <= 0) {
            throw new IllegalArgumentException("max: " + max + " (expected: > 0)");
        }
        String f = failure;
        if (f != null) {
            throw new IOException("cached object " + key + " failed: " + f);
        }
        lastReadMillis = store.nowMillis();
        referenced = true;
        int i;
        long inner;
        int n;
        byte state;
        int sliceLen;
        int crc;
        synchronized (this) {
            long idx = offset / sliceSize;
            if (idx >= table.size()) {
                return empty();
            }
            i = (int) idx;
            inner = offset - (long) i * sliceSize;
            state = table.state(i);
            long avail = state == SliceTable.ABSENT ? 0 : table.length(i) - inner;
            if (avail <= 0) {
                return empty();
            }
            n = (int) Math.min(avail, max);
            sliceLen = table.length(i);
            crc = table.crc(i);
        }
        if (complete && !sparse && store.memory().eligible(length)) {
            ByteBuf b = store.readFromMemory(this, offset, n);
            if (b != null) {
                return new BodyChunk.Memory(b);
            }
        }
        Path p = slicePath(i);
        try {
            if (state == SliceTable.UNVERIFIED) {
                SliceReader.verify(p, sliceLen, crc);
                markVerified(i);
            }
            return SliceReader.open(p, inner, n);
        } catch (NoSuchFileException e) {
            throw gone(i);
        } catch (SliceReader.BadSlice e) {
            throw store.corrupt(this, "slice " + i + " " + e.getMessage());
        }
    }

    private static BodyChunk empty() {
        return new BodyChunk.Memory(Unpooled.EMPTY_BUFFER);
    }

    private IOException gone(int slice) {
        if (removed) {
            return new IOException("cached object " + key + " was replaced or removed and its files are gone");
        }
        return store.corrupt(this, "slice " + slice + " file is missing");
    }

    Path slicePath(int index) {
        return store.files().slice(hash, version, index);
    }

    private synchronized void markVerified(int i) {
        table.verified(i);
    }

    /** Reads the whole (complete, non-sparse) body into one direct buffer, verifying every slice. */
    ByteBuf loadBody(ByteBufAllocator alloc) throws IOException {
        int len = (int) length;
        int slots;
        int[] lens;
        int[] crcs;
        synchronized (this) {
            slots = table.size();
            lens = table.lengths(slots);
            crcs = table.crcs(slots);
        }
        ByteBuf buf = alloc.directBuffer(len, len);
        int i = 0;
        try {
            for (; i < slots; i++) {
                SliceReader.readInto(buf, slicePath(i), lens[i], crcs[i]);
                markVerified(i);
            }
            return buf;
        } catch (NoSuchFileException e) {
            buf.release();
            throw gone(i);
        } catch (SliceReader.BadSlice e) {
            buf.release();
            throw store.corrupt(this, "slice " + i + " " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    @Override
    public void onAvailable(long offset, Runnable callback) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        Objects.requireNonNull(callback, "callback");
        synchronized (this) {
            if (!readyLocked(offset)) {
                waiters.add(new Waiter(offset, callback));
                return;
            }
        }
        ContentStore.runCallback(callback);
    }

    private boolean readyLocked(long offset) {
        return failure != null || removed || complete || sparse && offset >= length || availableLocked(offset) > 0;
    }

    /** Removes and returns the waiters that are now ready, or all of them, or those waiting in one slice. */
    private List<Runnable> takeWaitersLocked(boolean all, int slice) {
        if (waiters.isEmpty()) {
            return List.of();
        }
        List<Runnable> out = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (all || (slice >= 0 ? w.offset() / sliceSize == slice : readyLocked(w.offset()))) {
                out.add(w.callback());
                it.remove();
            }
        }
        return out;
    }

    // ---- writer side (called by Fill and ContentStore) ----

    /** Registers slice {@code i} as being written and creates its file (ordered against removal). */
    synchronized FileChannel openSliceForWrite(int i) throws IOException {
        if (failure != null || removed) {
            throw new IOException("cached object " + key + " is no longer writable: "
                    + (failure != null ? failure : "removed"));
        }
        if (!sparse) {
            if (i >= table.size()) {
                table.resize(Math.max(i + 1, table.size() * 2));
            }
            table.begin(i);
        } else if (table.state(i) != SliceTable.WRITING) {
            throw new IllegalStateException("slice " + i + " of " + key + " was not reserved for writing");
        }
        return ObjectFiles.open(slicePath(i), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Publishes progress of slice {@code i}; returns the waiters to run. */
    synchronized List<Runnable> progress(int i, int sliceBytes, long totalWritten) {
        if (failure != null) {
            return List.of();
        }
        table.progress(i, sliceBytes);
        if (!sparse) {
            filled = totalWritten;
        }
        return takeWaitersLocked(false, -1);
    }

    /** Records a fully written slice; returns the waiters to run. */
    synchronized List<Runnable> sliceStored(int i, int len, int crc) {
        if (failure != null || !table.store(i, len, crc)) {
            return List.of();
        }
        if (sparse) {
            writers--;
            complete = table.present() == table.size();
        }
        return takeWaitersLocked(false, -1);
    }

    /** Reserves slice {@code i} of a sparse object for one fill; false if present, running, removed or failed. */
    synchronized boolean reserveSlice(int i) {
        if (removed || failure != null || table.state(i) != SliceTable.ABSENT) {
            return false;
        }
        table.begin(i);
        writers++;
        return true;
    }

    /** A sparse slice fill gave up: the slice is absent again; returns its waiters, null if it was not running. */
    synchronized List<Runnable> sliceAborted(int i) {
        if (!table.unbegin(i)) {
            return null;
        }
        writers--;
        return takeWaitersLocked(false, i);
    }

    /** Whole-object fill complete; null if the object failed or was removed meanwhile. */
    synchronized List<Runnable> markComplete(long len) {
        if (failure != null || removed) {
            return null;
        }
        table.resize(slotCount(len, sliceSize));
        length = len;
        filled = len;
        complete = true;
        writers--;
        return takeWaitersLocked(true, -1);
    }

    /** Marks the object failed (first reason wins); returns the waiters to run, or null if it had failed already. */
    synchronized List<Runnable> fail(String reason) {
        if (failure != null) {
            return null;
        }
        failure = reason;
        if (!sparse && !complete) {
            writers = 0;
        }
        return takeWaitersLocked(true, -1);
    }

    /** Marks the object removed; a whole object still filling fails. Null if it was removed already. */
    synchronized List<Runnable> markRemoved(String cause) {
        if (removed) {
            return null;
        }
        removed = true;
        if (!sparse && !complete && failure == null) {
            failure = cause;
        }
        return takeWaitersLocked(true, -1);
    }

    /** For eviction: marks removed unless a fill is running. The caller then runs {@link #drainWaiters}. */
    synchronized boolean tryEvict() {
        if (removed || writers > 0 || failure != null) {
            return false;
        }
        removed = true;
        return true;
    }

    synchronized List<Runnable> drainWaiters() {
        return takeWaitersLocked(true, -1);
    }

    boolean belongsTo(ContentStore s) {
        return store == s;
    }

    void setHead(StoredHead h) {
        this.head = h;
    }

    /** Indexes of slices that may have a file. */
    synchronized int[] sliceFiles() {
        return table.withFiles();
    }

    /** Recorded length of slice {@code i} (bytes written so far while it is being written). */
    synchronized int storedLength(int i) {
        return table.length(i);
    }

    /** Metadata describing this object now (whole objects: with the given final length and slice table). */
    synchronized MetaCodec.Meta toMeta(long len) {
        if (sparse) {
            return new MetaCodec.Meta(key, version, true, sliceSize, length, head, new int[0], new int[0]);
        }
        int n = slotCount(len, sliceSize);
        return new MetaCodec.Meta(key, version, false, sliceSize, len, head, table.lengths(n), table.crcs(n));
    }

    @Override
    public String toString() {
        return "CachedObject[" + key + " v" + version + (sparse ? " sparse" : "") + ", length " + length
                + (complete ? ", complete" : "") + (failure != null ? ", failed: " + failure : "")
                + (removed ? ", removed" : "") + "]";
    }
}
