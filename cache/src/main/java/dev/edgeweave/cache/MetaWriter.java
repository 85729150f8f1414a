package dev.edgeweave.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata writes (temp file, atomic rename, then fsync by the {@link MetaSyncer} off the caller's thread),
 * sparse journal appends and file deletion, each
 * under the object's {@code metaLock} so that a version's files are never written after it was deleted.
 * Bytes are charged to {@link DiskSpace} before taking that lock (charging may evict, and eviction takes
 * other objects' locks), and trued up after.
 */
final class MetaWriter {

    private static final Logger log = LoggerFactory.getLogger(MetaWriter.class);

    private final ObjectFiles files;
    private final DiskSpace space;
    private final MetaSyncer syncer;

    MetaWriter(ObjectFiles files, DiskSpace space, MetaSyncer syncer) {
        this.files = files;
        this.space = space;
        this.syncer = syncer;
    }

    /** Writes the metadata of a new sparse object; false (nothing charged, nothing written) on failure. */
    boolean writeSparse(StoredObject o) {
        byte[] meta = MetaCodec.encode(o.toMeta(o.length()));
        if (!space.charge(o, meta.length)) {
            o.fail("no disk space for the metadata");
            return false;
        }
        try {
            synchronized (o.metaLock) {
                write(o, meta);
                o.metaBytes = meta.length;
                o.hasMeta = true;
            }
            return true;
        } catch (IOException e) {
            log.warn("cache: could not write the metadata of sparse {}: {}", o.key(), e.toString());
            space.release(o, meta.length);
            o.fail("metadata write failed: " + e.getMessage());
            return false;
        }
    }

    /** Writes the metadata of a whole object that finished filling and marks it complete; returns waiters. */
    List<Runnable> commit(StoredObject o, long length) throws IOException {
        byte[] estimate = MetaCodec.encode(o.toMeta(length));
        if (!space.charge(o, estimate.length)) {
            throw new IOException("no disk space for the metadata of " + o.key());
        }
        long actual;
        List<Runnable> wake;
        synchronized (o.metaLock) {
            if (o.removed() || o.failed()) {
                throw aborted(o);
            }
            byte[] bytes = MetaCodec.encode(o.toMeta(length));
            write(o, bytes);
            actual = bytes.length;
            o.metaBytes = actual;
            o.hasMeta = true;
            wake = o.markComplete(length);
            if (wake == null) {
                Files.deleteIfExists(files.meta(o.hash, o.version));
                o.hasMeta = false;
                throw aborted(o);
            }
        }
        trueUp(o, estimate.length, actual);
        return wake;
    }

    /** Rewrites the metadata of a stored object with its current head (after updateHead); logs a failure. */
    void rewrite(StoredObject o) {
        byte[] estimate = MetaCodec.encode(o.toMeta(o.length()));
        space.chargeForce(o, estimate.length);
        long replaced = 0;
        long actual = 0;
        synchronized (o.metaLock) {
            if (o.hasMeta && !o.removed() && !o.failed()) {
                byte[] bytes = MetaCodec.encode(o.toMeta(o.length()));
                try {
                    write(o, bytes);
                    replaced = o.metaBytes;
                    actual = bytes.length;
                    o.metaBytes = actual;
                } catch (IOException e) {
                    log.warn("cache: could not persist the new head of {}: {}", o.key(), e.toString());
                }
            }
        }
        trueUp(o, estimate.length + replaced, actual);
    }

    /** Appends a stored slice's record to a sparse object's journal (its bytes were charged with the slice). */
    void appendJournal(StoredObject o, MetaCodec.SliceRecord r) throws IOException {
        synchronized (o.metaLock) {
            if (o.removed() || o.failed()) {
                throw new IOException("sparse object " + o.key() + " was removed");
            }
            try (FileChannel ch = ObjectFiles.open(files.journal(o.hash, o.version), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer bb = MetaCodec.journalRecord(r);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
            }
            o.journalBytes += MetaCodec.JOURNAL_RECORD;
        }
    }

    /** Deletes metadata and journal: a restart no longer finds the object (its slices may linger). */
    void deleteMeta(StoredObject o) {
        synchronized (o.metaLock) {
            o.hasMeta = false;
            delete(files.meta(o.hash, o.version));
            delete(files.metaTmp(o.hash, o.version));
            delete(files.journal(o.hash, o.version));
        }
    }

    /** Deletes every file of the object. */
    void deleteFiles(StoredObject o) {
        synchronized (o.metaLock) {
            deleteMeta(o);
            for (int i : o.sliceFiles()) {
                delete(files.slice(o.hash, o.version, i));
            }
        }
    }

    void deleteSlice(StoredObject o, int slice) {
        delete(files.slice(o.hash, o.version, slice));
    }

    private void write(StoredObject o, byte[] bytes) throws IOException {
        Path target = files.meta(o.hash, o.version);
        ObjectFiles.writeAndRename(files.metaTmp(o.hash, o.version), target, bytes);
        syncer.sync(target);
    }

    private void trueUp(StoredObject o, long charged, long used) {
        if (used > charged) {
            space.chargeForce(o, used - charged);
        } else {
            space.release(o, charged - used);
        }
    }

    private static IOException aborted(StoredObject o) {
        return new IOException("fill of " + o.key() + " was aborted: " + (o.failed() ? o.failureReason() : "removed"));
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("cache: could not delete {}: {}", p, e.toString());
        }
    }
}
