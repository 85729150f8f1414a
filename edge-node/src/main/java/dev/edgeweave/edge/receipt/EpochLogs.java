package dev.edgeweave.edge.receipt;

import dev.edgeweave.proof.store.ReceiptLog;
import dev.edgeweave.proof.store.ReceiptStore;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fsynced {@link ReceiptLog} per epoch ({@code receipts-<epoch>.log} in the node's receipt
 * directory), opened on the first receipt of the epoch and deleted once the epoch's claim is final.
 * Used by the intake thread only, except {@link #epochs()} (any thread).
 */
final class EpochLogs implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EpochLogs.class);
    private static final Pattern NAME = Pattern.compile("receipts-(\\d{1,18})\\.log");

    private final Path dir;
    private final Map<Long, ReceiptLog> logs = new TreeMap<>();
    private final Set<Long> dirty = new HashSet<>();
    private final NavigableSet<Long> epochs = new ConcurrentSkipListSet<>();

    EpochLogs(Path dir) {
        this.dir = dir;
    }

    /** Replays every epoch's log in the directory into {@code store}; returns the epochs found. */
    NavigableSet<Long> restore(ReceiptStore store) throws IOException {
        Files.createDirectories(dir);
        TreeSet<Long> found = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "receipts-*.log")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    found.add(Long.parseLong(m.group(1)));
                }
            }
        }
        for (long e : found) {
            logs.put(e, ReceiptLog.openInto(file(e), store));
            epochs.add(e);
        }
        return found;
    }

    /** Buffers a receipt of {@code epoch} (and its token, once per epoch), opening the epoch's log if needed. */
    void append(long epoch, SignedReceipt receipt, SignedToken token) throws IOException {
        ReceiptLog l = logs.get(epoch);
        if (l == null) {
            l = ReceiptLog.open(file(epoch), new ReceiptLog.Visitor() {
                @Override
                public void token(SignedToken t) {
                    // a new epoch's log is empty
                }

                @Override
                public void receipt(SignedReceipt r) {
                    // a new epoch's log is empty
                }
            });
            logs.put(epoch, l);
            epochs.add(epoch);
        }
        l.append(receipt, token);
        dirty.add(epoch);
    }

    /** Writes and fsyncs every log with buffered receipts. */
    void sync() throws IOException {
        for (Long e : dirty) {
            logs.get(e).sync();
        }
        dirty.clear();
    }

    boolean hasUnsynced() {
        return !dirty.isEmpty();
    }

    /** Closes and deletes the log of {@code epoch}. */
    void drop(long epoch) throws IOException {
        ReceiptLog l = logs.remove(epoch);
        epochs.remove(epoch);
        dirty.remove(epoch);
        if (l != null) {
            l.close();
            Files.deleteIfExists(l.file());
            log.info("receipt log of epoch {} deleted (claim final)", epoch);
        }
    }

    /** Epochs with a log (any thread). */
    NavigableSet<Long> epochs() {
        return epochs;
    }

    /** Bytes in all logs. */
    long bytes() {
        long total = 0;
        for (ReceiptLog l : logs.values()) {
            total += l.size();
        }
        return total;
    }

    private Path file(long epoch) {
        return dir.resolve("receipts-" + epoch + ".log");
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (ReceiptLog l : logs.values()) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        logs.clear();
        dirty.clear();
        if (first != null) {
            throw first;
        }
    }
}
