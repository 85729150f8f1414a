package dev.edgeweave.cache;

import java.io.IOException;

/**
 * One version of a stored response: complete, sparse (filled slice by slice) or still filling. Safe to use
 * from many threads. A version stays readable by those holding it after it was replaced or removed, for a
 * grace period ({@link ContentStore#RETIRED_GRACE}) after their last read.
 */
public interface CachedObject {

    /** The key it was stored under. */
    String key();

    /** The stored response head (updated in place by {@link ContentStore#updateHead}). */
    StoredHead head();

    /** Body length in bytes; the expected length while filling if it was announced; -1 while unknown. */
    long length();

    /** Bytes per slice of this object. */
    int sliceSize();

    /** True when every byte is stored (for a sparse object: every slice is present). */
    boolean complete();

    /** True when the fill was aborted or the object was found corrupt: it is never served. */
    boolean failed();

    /** Why it failed, or {@code null}. */
    String failureReason();

    /** True for an object of known length filled slice by slice ({@link ContentStore#startSparse}). */
    boolean sparse();

    /** True when slice {@code index} is fully stored. */
    boolean hasSlice(int index);

    /** True once this version left the store (replaced, removed, evicted, dropped). */
    boolean removed();

    /** Contiguous bytes readable starting at offset now (0 if none yet). */
    long available(long offset);

    /**
     * Bytes [offset, offset+min(max, available within ONE slice)) — the caller sends and releases it.
     * An empty {@link BodyChunk.Memory} when nothing is available at offset yet (or offset is at the end).
     * Verifies the slice checksum on first read after a restart; throws CorruptObjectException (and drops the
     * object) if it does not match or the file is short.
     *
     * @throws IOException when the object failed, its files are gone, or reading failed
     */
    BodyChunk read(long offset, long max) throws IOException;

    /**
     * Runs callback (on any thread, exactly once) when bytes at offset become available, or the object
     * completes, fails or is removed (or a running slice fill for that offset aborts); runs at once if
     * already so.
     */
    void onAvailable(long offset, Runnable callback);

    /** True when the memory tier holds this object's body. */
    boolean inMemory();
}
