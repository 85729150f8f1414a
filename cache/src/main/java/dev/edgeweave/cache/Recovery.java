package dev.edgeweave.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the index from the disk tier at open. Keeps an object when its metadata decodes (CRC32C, format,
 * key hash matching the file name) and every slice file it names exists with the recorded size; checksums of
 * slice bytes are left for the first read. Drops (deletes) anything else and says why; deletes orphans: temp
 * files, slice files without metadata, sparse slices the journal does not vouch for. Of several versions of
 * one key (a crash between writing the new and deleting the old) the newest wins.
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    /** An object found intact: its metadata, sparse slices, bytes on disk and when it was written. */
    record Found(MetaCodec.Meta meta, String hash, List<MetaCodec.SliceRecord> sparseSlices, long bytes,
                 long metaBytes, long journalBytes, long writtenMillis) {
    }

    /** What the scan found: objects oldest first, the highest version seen, drop reasons with counts. */
    record Result(List<Found> objects, long maxVersion, Map<String, Integer> dropped, int orphansDeleted,
                  int sparseSlicesLost) {
        int droppedCount() {
            return dropped.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Why objects were dropped and what else was cleaned, for the open log line. */
        String reasons() {
            StringBuilder sb = new StringBuilder();
            dropped.forEach((why, n) -> sb.append(sb.length() > 0 ? ", " : "").append(n).append(' ').append(why));
            if (sb.length() == 0) {
                sb.append("none");
            }
            if (orphansDeleted > 0) {
                sb.append("; ").append(orphansDeleted).append(" orphan files deleted");
            }
            if (sparseSlicesLost > 0) {
                sb.append("; ").append(sparseSlicesLost).append(" sparse slices lost");
            }
            return sb.toString();
        }
    }

    private static final class Group {
        final String hash;
        final long version;
        Path meta;
        Path journal;
        final TreeMap<Integer, Path> slices = new TreeMap<>();
        final List<Path> tmps = new ArrayList<>();

        Group(String hash, long version) {
            this.hash = hash;
            this.version = version;
        }

        List<Path> all() {
            List<Path> out = new ArrayList<>(slices.values());
            if (meta != null) {
                out.add(meta);
            }
            if (journal != null) {
                out.add(journal);
            }
            return out;
        }
    }

    private final ObjectFiles files;
    private final Map<String, Integer> dropped = new LinkedHashMap<>();
    private int orphans;
    private int slicesLost;
    private long maxVersion = -1;

    private Recovery(ObjectFiles files) {
        this.files = files;
    }

    static Result scan(ObjectFiles files) throws IOException {
        return new Recovery(files).run();
    }

    private Result run() throws IOException {
        Map<String, Group> groups = new HashMap<>();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> top = Files.newDirectoryStream(files.root(),
                p -> p.getFileName().toString().matches("[0-9a-f]{2}") && Files.isDirectory(p))) {
            top.forEach(dirs::add);
        }
        for (Path dir : dirs) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    ObjectFiles.Name n = ObjectFiles.parse(p.getFileName().toString());
                    if (n == null || !n.hash().startsWith(dir.getFileName().toString())) {
                        log.debug("cache: ignoring foreign file {}", p);
                        continue;
                    }
                    maxVersion = Math.max(maxVersion, n.version());
                    Group g = groups.computeIfAbsent(n.hash() + "." + n.version(),
                            k -> new Group(n.hash(), n.version()));
                    switch (n.kind()) {
                        case META -> g.meta = p;
                        case JOURNAL -> g.journal = p;
                        case TMP -> g.tmps.add(p);
                        case SLICE -> g.slices.put(n.slice(), p);
                    }
                }
            }
        }
        Map<String, Found> byKey = new HashMap<>();
        for (Group g : groups.values()) {
            for (Path t : g.tmps) {
                deleteOrphan(t);
            }
            if (g.meta == null) {
                for (Path p : g.all()) {
                    deleteOrphan(p);
                }
                continue;
            }
            Found f = load(g);
            if (f == null) {
                continue;
            }
            Found prior = byKey.get(f.meta().key());
            if (prior == null || prior.meta().version() < f.meta().version()) {
                byKey.put(f.meta().key(), f);
                if (prior != null) {
                    dropFound(prior, "superseded");
                }
            } else {
                dropFound(f, "superseded");
            }
        }
        List<Found> objects = new ArrayList<>(byKey.values());
        objects.sort(Comparator.comparingLong(Found::writtenMillis).thenComparingLong(f -> f.meta().version()));
        return new Result(objects, maxVersion, dropped, orphans, slicesLost);
    }

    private Found load(Group g) throws IOException {
        MetaCodec.Meta m;
        long metaBytes;
        long written;
        try {
            metaBytes = Files.size(g.meta);
            if (metaBytes > MetaCodec.MAX_META) {
                throw new IOException("meta of " + metaBytes + " bytes");
            }
            written = Files.getLastModifiedTime(g.meta).toMillis();
            m = MetaCodec.decode(Files.readAllBytes(g.meta));
        } catch (IOException e) {
            log.warn("cache: dropping {}: metadata unreadable: {}", g.meta, e.getMessage());
            return drop(g, "meta unreadable");
        }
        if (!ObjectFiles.hashOf(m.key()).equals(g.hash) || m.version() != g.version) {
            return drop(g, "meta name mismatch");
        }
        long bytes = metaBytes;
        if (!m.sparse()) {
            int n;
            try {
                n = StoredObject.slotCount(m.length(), m.sliceSize());
            } catch (IllegalArgumentException e) {
                return drop(g, "meta inconsistent");
            }
            if (m.sliceLengths().length != n) {
                return drop(g, "meta inconsistent");
            }
            for (int i = 0; i < n; i++) {
                long want = Math.min(m.sliceSize(), m.length() - (long) i * m.sliceSize());
                if (m.sliceLengths()[i] != want) {
                    return drop(g, "meta inconsistent");
                }
                Path p = g.slices.get(i);
                if (p == null) {
                    log.warn("cache: dropping {} (version {}): slice {} file missing", m.key(), m.version(), i);
                    return drop(g, "slice missing");
                }
                long size = Files.size(p);
                if (size != want) {
                    log.warn("cache: dropping {} (version {}): slice {} has {} bytes (expected: {})",
                            m.key(), m.version(), i, size, want);
                    return drop(g, "slice size");
                }
                bytes += size;
            }
            for (Path extra : g.slices.tailMap(n).values()) {
                deleteOrphan(extra);
            }
            return new Found(m, g.hash, List.of(), bytes, metaBytes, 0, written);
        }
        return loadSparse(g, m, bytes, metaBytes, written);
    }

    private Found loadSparse(Group g, MetaCodec.Meta m, long bytes, long metaBytes, long written) throws IOException {
        int n;
        try {
            n = StoredObject.slotCount(m.length(), m.sliceSize());
        } catch (IllegalArgumentException e) {
            return drop(g, "meta inconsistent");
        }
        byte[] journal = g.journal == null ? new byte[0] : Files.readAllBytes(g.journal);
        List<MetaCodec.SliceRecord> records = MetaCodec.decodeJournal(journal);
        boolean rewrite = records.size() * MetaCodec.JOURNAL_RECORD != journal.length;
        Map<Integer, MetaCodec.SliceRecord> kept = new TreeMap<>();
        for (MetaCodec.SliceRecord r : records) {
            long want = r.index() >= 0 && r.index() < n
                    ? Math.min(m.sliceSize(), m.length() - (long) r.index() * m.sliceSize()) : -1;
            Path p = g.slices.get(r.index());
            if (want != r.length() || p == null || Files.size(p) != want || kept.containsKey(r.index())) {
                rewrite = true;
                slicesLost++;
                continue;
            }
            kept.put(r.index(), r);
        }
        for (Map.Entry<Integer, Path> e : g.slices.entrySet()) {
            if (!kept.containsKey(e.getKey())) {
                deleteOrphan(e.getValue());
            } else {
                bytes += Files.size(e.getValue());
            }
        }
        List<MetaCodec.SliceRecord> slices = new ArrayList<>(kept.values());
        long journalBytes = (long) slices.size() * MetaCodec.JOURNAL_RECORD;
        if (rewrite) {
            ByteBuffer bb = ByteBuffer.allocate((int) journalBytes);
            for (MetaCodec.SliceRecord r : slices) {
                bb.put(MetaCodec.journalRecord(r));
            }
            Path target = files.journal(g.hash, g.version);
            ObjectFiles.writeDurably(target.resolveSibling(target.getFileName() + ".tmp"), target, bb.array());
        }
        bytes += journalBytes;
        return new Found(m, g.hash, slices, bytes, metaBytes, journalBytes, written);
    }

    private Found drop(Group g, String reason) throws IOException {
        count(reason);
        for (Path p : g.all()) {
            Files.deleteIfExists(p);
        }
        return null;
    }

    private void dropFound(Found f, String reason) throws IOException {
        count(reason);
        Files.deleteIfExists(files.meta(f.hash(), f.meta().version()));
        Files.deleteIfExists(files.journal(f.hash(), f.meta().version()));
        int n = StoredObject.slotCount(f.meta().length(), f.meta().sliceSize());
        for (int i = 0; i < n; i++) {
            Files.deleteIfExists(files.slice(f.hash(), f.meta().version(), i));
        }
    }

    private void count(String reason) {
        dropped.merge(reason, 1, Integer::sum);
    }

    private void deleteOrphan(Path p) throws IOException {
        try {
            Files.delete(p);
            orphans++;
        } catch (NoSuchFileException e) {
            // gone already
        }
    }
}
