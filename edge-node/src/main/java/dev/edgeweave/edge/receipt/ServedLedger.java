package dev.edgeweave.edge.receipt;

import dev.edgeweave.proof.wire.TokenId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Body bytes this node served under each viewer token, across epochs: what a receipt may state at most.
 * The event loops add to it after every response ({@link #add}); the receipt intake reads it.
 *
 * <p>One total per token rather than one per epoch: a viewer attributes a response to the epoch in
 * its {@code EdgeWeave-Epoch} header, while the node counts when the last byte leaves, so a response
 * that straddles an epoch boundary would otherwise be refused. The intake holds the sum of a token's
 * latest receipts over all epochs it keeps to this total; when an epoch is dropped (its claim is
 * settled) its receipted bytes are {@link #release released} from the total.
 *
 * <p>Kept across restarts by a snapshot file written every few seconds (temp file, fsync, rename): a
 * crash loses at most the bytes served since the last snapshot, and the intake never lets the total
 * fall below the receipts it holds.
 */
final class ServedLedger {

    private static final Logger log = LoggerFactory.getLogger(ServedLedger.class);
    private static final int MAGIC = 0x45575356; // "EWSV"

    /** A token's served total and its expiry (after which, with no receipts held, it is forgotten). */
    static final class Served {
        final AtomicLong bytes = new AtomicLong();
        final long expiresAt;

        Served(long expiresAt) {
            this.expiresAt = expiresAt;
        }
    }

    private final Map<TokenId, Served> served = new ConcurrentHashMap<>();
    private final Path file;
    private volatile boolean dirty;

    /** @param file the snapshot file (read by {@link #load}, written by {@link #snapshot}) */
    ServedLedger(Path file) {
        this.file = file;
    }

    /** Counts {@code bytes} served under {@code token}, valid until {@code expiresAt}. Event loops. */
    void add(TokenId token, long expiresAt, long bytes) {
        if (bytes <= 0) {
            return;
        }
        Served s = served.get(token);
        if (s == null) {
            s = served.computeIfAbsent(token, t -> new Served(expiresAt));
        }
        s.bytes.addAndGet(bytes);
        dirty = true;
    }

    /** Bytes served under {@code token} (net of released epochs). */
    long served(TokenId token) {
        Served s = served.get(token);
        return s == null ? 0 : s.bytes.get();
    }

    /** Raises the total of {@code token} to at least {@code bytes} (restore: receipts held prove them served). */
    void atLeast(TokenId token, long expiresAt, long bytes) {
        Served s = served.computeIfAbsent(token, t -> new Served(expiresAt));
        s.bytes.accumulateAndGet(bytes, Math::max);
    }

    /** Takes the receipted bytes of a dropped epoch off the token's total. */
    void release(TokenId token, long bytes) {
        Served s = served.get(token);
        if (s != null) {
            s.bytes.accumulateAndGet(bytes, (cur, b) -> Math.max(0, cur - b));
            dirty = true;
        }
    }

    /** Forgets tokens expired before {@code now} for which {@code held} says no receipt is held. */
    int forgetExpired(long now, java.util.function.Predicate<TokenId> held) {
        int before = served.size();
        served.entrySet().removeIf(e -> e.getValue().expiresAt <= now && !held.test(e.getKey()));
        int removed = before - served.size();
        if (removed > 0) {
            dirty = true;
        }
        return removed;
    }

    int tokens() {
        return served.size();
    }

    /** Reads the snapshot, if any. */
    void load() throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream d = new DataInputStream(
                new java.io.BufferedInputStream(in))) {
            if (d.readInt() != MAGIC) {
                throw new IOException(file + ": not a served-bytes snapshot");
            }
            int n = d.readInt();
            byte[] id = new byte[TokenId.LENGTH];
            for (int i = 0; i < n; i++) {
                d.readFully(id);
                long expires = d.readLong();
                long bytes = d.readLong();
                atLeast(TokenId.of(id), expires, bytes);
            }
            log.info("served-bytes snapshot {}: {} tokens", file, n);
        } catch (NoSuchFileException e) {
            // first start
        } catch (java.io.EOFException e) {
            log.warn("served-bytes snapshot {} is cut short; starting from the receipts held", file);
        }
    }

    /** Writes the snapshot if anything changed (temp file, fsync, atomic rename). Off the event loop. */
    void snapshot() throws IOException {
        snapshot(false);
    }

    synchronized void snapshot(boolean force) throws IOException {
        if (!dirty && !force) {
            return;
        }
        dirty = false;
        Map<TokenId, long[]> copy = new HashMap<>();
        served.forEach((t, s) -> copy.put(t, new long[] {s.expiresAt, s.bytes.get()}));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); DataOutputStream d = new DataOutputStream(
                new java.io.BufferedOutputStream(os))) {
            d.writeInt(MAGIC);
            d.writeInt(copy.size());
            for (Map.Entry<TokenId, long[]> e : copy.entrySet()) {
                d.write(e.getKey().bytes());
                d.writeLong(e.getValue()[0]);
                d.writeLong(e.getValue()[1]);
            }
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
