package dev.edgeweave.cache;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The single writer of one object ({@link ContentStore#startFill}) or of one slice of a sparse object
 * ({@link ContentStore#startSliceFill}). Bytes go straight to the slice files; readers of the object see them
 * after each {@link #write} and waiting readers are woken. Use from one thread; {@link #abort} may also come
 * from another thread (the store aborts fills when their object is removed or the store closes).
 *
 * <p>Errors: a failed write, a body longer or shorter than announced, or a full disk aborts the fill (the
 * object fails, its files are deleted) and throws an {@link IOException} saying why.
 */
public final class Fill {

    private enum State { OPEN, DONE, ABORTED }

    private final ContentStore store;
    private final StoredObject obj;
    /** Slice being filled of a sparse object, or -1 for a whole-object fill. */
    private final int sliceIndex;
    /** Whole object: announced length or -1; sparse slice: the slice's length. */
    private final long expected;
    private final CRC32C crc = new CRC32C();

    private State state = State.OPEN;
    private String abortReason;
    private long written;
    private int slice = -1;
    private int sliceWritten;
    private long sliceCharge;
    private FileChannel channel;

    Fill(ContentStore store, StoredObject obj, int sliceIndex, long expected) {
        this.store = store;
        this.obj = obj;
        this.sliceIndex = sliceIndex;
        this.expected = expected;
    }

    /** The object being filled (for a slice fill: the sparse object). */
    public CachedObject object() {
        return obj;
    }

    StoredObject stored() {
        return obj;
    }

    /** Bytes written so far (for a slice fill: within the slice). */
    public synchronized long written() {
        return written;
    }

    /**
     * Appends the readable bytes of {@code data} (its indexes are left as they are, and it is NOT released)
     * and wakes readers waiting for them.
     *
     * @throws IOException when the bytes cannot be stored; the fill is then aborted
     * @throws IllegalStateException after {@link #complete} or a caller's {@link #abort}
     */
    public void write(ByteBuf data) throws IOException {
        Objects.requireNonNull(data, "data");
        List<Runnable> wake;
        synchronized (this) {
            ensureOpen();
            int remaining = data.readableBytes();
            long limit = expected;
            if (limit >= 0 && written + remaining > limit) {
                String why = "body longer than expected: " + (written + remaining) + " bytes (expected: " + limit + ")";
                abortLocked(why);
                throw new IOException("fill of " + obj.key() + ": " + why);
            }
            int index = data.readerIndex();
            wake = new java.util.ArrayList<>();
            try {
                while (remaining > 0) {
                    if (channel == null) {
                        openSlice();
                    }
                    int n = (int) Math.min(sliceCapacity() - sliceWritten, remaining);
                    writeFully(data, index, n);
                    index += n;
                    remaining -= n;
                    written += n;
                    sliceWritten += n;
                    wake.addAll(obj.progress(slice, sliceWritten, written));
                    if (sliceWritten == sliceCapacity()) {
                        wake.addAll(finishSlice());
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (state == State.OPEN) {
                    abortLocked("write failed: " + e);
                    throw new IOException("fill of " + obj.key() + " failed: " + e.getMessage(), e);
                }
                throw new IOException("fill of " + obj.key() + " was aborted: " + abortReason, e);
            }
        }
        ContentStore.runCallbacks(wake);
    }

    /**
     * All bytes written: the length is fixed, the metadata written (temp file, atomic rename; fsynced in the
     * background, see {@link ContentStore}) and the object complete. For a slice fill: the slice is recorded
     * and {@link CachedObject#hasSlice} answers true.
     *
     * @throws IOException when the body is shorter than announced or the metadata cannot be written (the fill
     *                     is then aborted)
     */
    public void complete() throws IOException {
        List<Runnable> wake = List.of();
        synchronized (this) {
            ensureOpen();
            try {
                if (sliceIndex >= 0) {
                    if (written != expected) {
                        throw new IOException("slice " + sliceIndex + " of " + obj.key() + " is short: " + written
                                + " bytes (expected: " + expected + ")");
                    }
                } else {
                    if (expected >= 0 && written != expected) {
                        throw new IOException("body of " + obj.key() + " is short: " + written + " bytes (expected: "
                                + expected + ")");
                    }
                    wake = new java.util.ArrayList<>();
                    if (channel != null) {
                        wake.addAll(finishSlice());
                    }
                    wake.addAll(store.commit(obj, written));
                }
                state = State.DONE;
                store.fillEnded(this);
            } catch (IOException | RuntimeException e) {
                if (state == State.OPEN) {
                    abortLocked(e.getMessage());
                }
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        ContentStore.runCallbacks(wake);
        if (sliceIndex < 0) {
            store.promote(obj);
        }
    }

    /**
     * Gives up: a whole object fails (readers see {@link CachedObject#failed()}, it is never served, its files
     * are deleted); a sparse slice becomes absent again. No-op once completed or aborted.
     */
    public void abort(String reason) {
        Objects.requireNonNull(reason, "reason");
        synchronized (this) {
            if (state != State.OPEN) {
                return;
            }
            abortLocked(reason);
        }
    }

    private void abortLocked(String reason) {
        state = State.ABORTED;
        abortReason = reason;
        closeChannel();
        store.fillEnded(this);
        if (sliceIndex < 0) {
            store.failFill(obj, reason);
        } else {
            store.abortSlice(obj, sliceIndex, sliceCharge);
        }
    }

    private void ensureOpen() throws IOException {
        if (state == State.DONE) {
            throw new IllegalStateException("fill of " + obj.key() + " already completed");
        }
        if (state == State.ABORTED) {
            throw new IOException("fill of " + obj.key() + " was aborted: " + abortReason);
        }
        if (obj.failed() || obj.removed()) {
            String why = obj.failed() ? obj.failureReason() : "removed";
            abortLocked(why);
            throw new IOException("fill of " + obj.key() + " was aborted: " + why);
        }
    }

    private long sliceCapacity() {
        return sliceIndex >= 0 ? expected : obj.sliceSize();
    }

    private void openSlice() throws IOException {
        long charge;
        if (sliceIndex >= 0) {
            slice = sliceIndex;
            charge = expected + MetaCodec.JOURNAL_RECORD;
        } else {
            slice = (int) (written / obj.sliceSize());
            charge = expected >= 0 ? Math.min(obj.sliceSize(), expected - written) : obj.sliceSize();
        }
        if (!store.charge(obj, charge)) {
            throw new IOException("no disk space: " + charge + " more bytes for " + obj.key()
                    + " do not fit the disk capacity " + store.config().diskCapacity()
                    + " (fills in progress hold the rest)");
        }
        sliceCharge = charge;
        crc.reset();
        sliceWritten = 0;
        channel = obj.openSliceForWrite(slice);
    }

    private void writeFully(ByteBuf data, int index, int n) throws IOException {
        if (data.nioBufferCount() == 1) {
            writeFully(data.nioBuffer(index, n));
        } else {
            for (ByteBuffer bb : data.nioBuffers(index, n)) {
                writeFully(bb);
            }
        }
    }

    private void writeFully(ByteBuffer bb) throws IOException {
        crc.update(bb.duplicate());
        while (bb.hasRemaining()) {
            channel.write(bb);
        }
    }

    /** Closes the current slice file and records its length and checksum. */
    private List<Runnable> finishSlice() throws IOException {
        channel.close();
        channel = null;
        int crcValue = (int) crc.getValue();
        if (sliceIndex >= 0) {
            store.appendJournal(obj, new MetaCodec.SliceRecord(slice, sliceWritten, crcValue));
        } else if (sliceCharge > sliceWritten) {
            store.release(obj, sliceCharge - sliceWritten);
        }
        sliceCharge = 0;
        return obj.sliceStored(slice, sliceWritten, crcValue);
    }

    private void closeChannel() {
        FileChannel ch = channel;
        channel = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // the file is deleted with the object; nothing more to do
            }
        }
    }

    @Override
    public String toString() {
        return "Fill[" + obj.key() + (sliceIndex >= 0 ? " slice " + sliceIndex : "") + ", " + written + " bytes, "
                + state + "]";
    }
}
