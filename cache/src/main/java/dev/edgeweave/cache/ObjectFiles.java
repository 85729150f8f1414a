package dev.edgeweave.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names and durable writes of the disk tier's files. Layout under the cache directory:
 * <pre>
 *   ab/abcdef…(64 hex: SHA-256 of the key).VERSION(hex).meta      metadata (head, slice table, CRC)
 *   ab/abcdef….VERSION.meta.tmp                                   metadata being written
 *   ab/abcdef….VERSION.journal                                    sparse objects: one record per stored slice
 *   ab/abcdef….VERSION.journal.tmp                                journal being compacted at open
 *   ab/abcdef….VERSION.INDEX(decimal)                             slice INDEX: raw body bytes only
 * </pre>
 * A slice file holds nothing but body bytes, so a FileRegion sends it from position {@code offset % sliceSize}.
 */
final class ObjectFiles {

    enum Kind { META, TMP, JOURNAL, SLICE }

    /** A parsed file name of the disk tier. */
    record Name(String hash, long version, Kind kind, int slice) {
    }

    private final Path root;

    ObjectFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    static String hashOf(String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    Path dir(String hash) {
        return root.resolve(hash.substring(0, 2));
    }

    Path meta(String hash, long version) {
        return dir(hash).resolve(hash + "." + Long.toHexString(version) + ".meta");
    }

    Path metaTmp(String hash, long version) {
        return dir(hash).resolve(hash + "." + Long.toHexString(version) + ".meta.tmp");
    }

    Path journal(String hash, long version) {
        return dir(hash).resolve(hash + "." + Long.toHexString(version) + ".journal");
    }

    Path slice(String hash, long version, int index) {
        return dir(hash).resolve(hash + "." + Long.toHexString(version) + "." + index);
    }

    /** Parses a file name of this layout, or returns null for a name that is not ours. */
    static Name parse(String fileName) {
        String[] parts = fileName.split("\\.");
        if (parts.length < 3 || parts.length > 4 || parts[0].length() != 64 || !isHex(parts[0])) {
            return null;
        }
        long version;
        try {
            version = Long.parseUnsignedLong(parts[1], 16);
        } catch (NumberFormatException e) {
            return null;
        }
        if (parts.length == 4) {
            return (parts[2].equals("meta") || parts[2].equals("journal")) && parts[3].equals("tmp")
                    ? new Name(parts[0], version, Kind.TMP, -1) : null;
        }
        switch (parts[2]) {
            case "meta":
                return new Name(parts[0], version, Kind.META, -1);
            case "journal":
                return new Name(parts[0], version, Kind.JOURNAL, -1);
            default:
                try {
                    int index = Integer.parseInt(parts[2]);
                    return index >= 0 && String.valueOf(index).equals(parts[2])
                            ? new Name(parts[0], version, Kind.SLICE, index) : null;
                } catch (NumberFormatException e) {
                    return null;
                }
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Creates the root when missing; fan-out directories are created on first use ({@link #open}). */
    static void createLayout(Path root) throws IOException {
        Files.createDirectories(root);
    }

    /** Opens a file of the layout for writing, creating its fan-out directory when it is missing. */
    static FileChannel open(Path p, java.nio.file.OpenOption... options) throws IOException {
        try {
            return FileChannel.open(p, options);
        } catch (java.nio.file.NoSuchFileException e) {
            Files.createDirectories(p.getParent());
            return FileChannel.open(p, options);
        }
    }

    /**
     * Locks {@code root/lock} so that one store at a time uses the directory; closing the result unlocks it.
     *
     * @throws IOException naming the directory when another store (in this or another process) holds it
     */
    static java.io.Closeable lock(Path root) throws IOException {
        FileChannel ch = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("cache dir " + root + " is in use by another content store");
        }
        java.nio.channels.FileLock held = lock;
        return () -> {
            try {
                held.release();
            } finally {
                ch.close();
            }
        };
    }

    /**
     * Writes bytes to tmp and renames it atomically over target, leaving the fsync to the caller (the store
     * hands it to {@link MetaSyncer}); readers never see a partial file.
     */
    static void writeAndRename(Path tmp, Path target, byte[] bytes) throws IOException {
        try (FileChannel ch = open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(bytes);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cache dir does not support atomic rename: " + target.getParent(), e);
        }
    }

    /** Writes bytes to tmp, fsyncs, renames atomically over target, then fsyncs the directory. */
    static void writeDurably(Path tmp, Path target, byte[] bytes) throws IOException {
        try (FileChannel ch = open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bb = ByteBuffer.wrap(bytes);
            while (bb.hasRemaining()) {
                ch.write(bb);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cache dir does not support atomic rename: " + target.getParent(), e);
        }
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems refuse to open or sync a directory; the rename itself is still atomic
        }
    }
}
