package dev.edgeweave.proof.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Ed25519 key files.
 *
 * <p>Format (UTF-8 text): lines starting with {@code #} and blank lines are comments; exactly one
 * line {@code ed25519:<standard base64 of the 32-byte seed>}. {@link #write} adds a comment with
 * the public key in hex. Example:
 * <pre>
 * # EdgeWeave Ed25519 key. Public key (node/publisher id):
 * # 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c
 * ed25519:nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=
 * </pre>
 *
 * <p>{@link #write} creates the file with mode 0600 (on POSIX file systems) and refuses to
 * overwrite an existing file, so a key is never lost by accident.
 */
public final class KeyFiles {

    private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);
    private static final String PREFIX = "ed25519:";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private KeyFiles() {}

    /**
     * Writes {@code keyPair} to a new file at {@code path}, mode 0600.
     *
     * @throws FileAlreadyExistsException if {@code path} exists
     * @throws IOException on any I/O error
     */
    public static void write(Path path, Ed25519KeyPair keyPair) throws IOException {
        if (Files.exists(path)) {
            throw new FileAlreadyExistsException(path.toString(), null, "refusing to overwrite an existing key file");
        }
        String text = "# EdgeWeave Ed25519 key. Public key (node/publisher id):\n"
                + "# " + keyPair.publicKey().hex() + "\n"
                + PREFIX + Base64.getEncoder().encodeToString(keyPair.seed()) + "\n";
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        // Write a private temp file, then move it in place: a reader never sees half a key.
        Path tmp = Files.createTempFile(dir, ".key-", ".tmp", attrs);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                // A hard link never replaces an existing file, so a key appearing meanwhile is kept.
                Files.createLink(path, tmp);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof FileAlreadyExistsException exists) {
                    throw exists;
                }
                Files.move(tmp, path); // no REPLACE_EXISTING: fails if the file exists
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        log.info("wrote key file {} (public key {})", path, keyPair.publicKey().hex());
    }

    /**
     * Reads a key file written by {@link #write}.
     *
     * @throws IOException if the file cannot be read or is not a valid key file (the message says why)
     */
    public static Ed25519KeyPair read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<String> keyLines = new ArrayList<>();
        for (String line : lines) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                keyLines.add(t);
            }
        }
        if (keyLines.size() != 1) {
            throw new IOException(path + ": " + keyLines.size()
                    + " key lines (expected: exactly one line 'ed25519:<base64 seed>')");
        }
        String line = keyLines.get(0);
        if (!line.startsWith(PREFIX)) {
            throw new IOException(path + ": key line does not start with '" + PREFIX + "'");
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(line.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IOException(path + ": seed is not valid base64: " + e.getMessage(), e);
        }
        if (seed.length != Ed25519KeyPair.SEED_LENGTH) {
            throw new IOException(path + ": seed is " + seed.length + " bytes (expected: "
                    + Ed25519KeyPair.SEED_LENGTH + ")");
        }
        warnIfReadableByOthers(path);
        return Ed25519KeyPair.fromSeed(seed);
    }

    private static void warnIfReadableByOthers(Path path) {
        try {
            if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
                perms.removeAll(OWNER_ONLY);
                perms.remove(PosixFilePermission.OWNER_EXECUTE);
                if (!perms.isEmpty()) {
                    log.warn("key file {} is accessible by others ({}); expected mode 0600", path,
                            PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot check permissions of {}: {}", path, e.toString());
        }
    }
}
