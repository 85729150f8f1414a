package dev.edgeweave.loadtest.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run's viewers observed, recorded from every viewer event loop at once without locks
 * ({@link LongAdder}, HdrHistogram {@link Recorder}); read by the progress ticker and the final report.
 * Latencies are recorded in microseconds (1 µs to 10 min, 3 significant digits).
 */
public final class Stats {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    /** Per-node counters, keyed by the node's address {@code ip:port}. */
    public static final class NodeCounters {
        public final LongAdder requests = new LongAdder();
        public final LongAdder hits = new LongAdder();
        public final LongAdder misses = new LongAdder();
        public final LongAdder bytes = new LongAdder();
        public final LongAdder errors = new LongAdder();
        public final LongAdder segments = new LongAdder();
        volatile String id;
    }

    public final LongAdder requests = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder segmentsOk = new LongAdder();
    public final LongAdder segmentsFailed = new LongAdder();
    public final LongAdder segmentsRetried = new LongAdder();
    public final LongAdder playlistsOk = new LongAdder();
    public final LongAdder playlistsFailed = new LongAdder();
    public final LongAdder rebuffers = new LongAdder();
    public final LongAdder stallNanos = new LongAdder();
    public final LongAdder verifiedBytes = new LongAdder();
    public final LongAdder unverifiedBytes = new LongAdder();
    public final LongAdder digestMismatches = new LongAdder();
    public final LongAdder unreceiptableBytes = new LongAdder();
    public final LongAdder receiptBatchesOk = new LongAdder();
    public final LongAdder receiptBatchesRefused = new LongAdder();
    public final LongAdder receiptBatchesFailed = new LongAdder();
    public final LongAdder dnsErrors = new LongAdder();
    public final LongAdder activeViewers = new LongAdder();

    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> receiptRefusals = new ConcurrentHashMap<>();
    private final Map<String, NodeCounters> nodes = new ConcurrentHashMap<>();
    private final Recorder firstByte = new Recorder(MAX_MICROS, 3);
    private final Recorder segment = new Recorder(MAX_MICROS, 3);
    private final Recorder startup = new Recorder(MAX_MICROS, 3);
    private final Histogram firstByteTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram segmentTotal = new Histogram(MAX_MICROS, 3);
    private final Histogram startupTotal = new Histogram(MAX_MICROS, 3);
    private Histogram firstByteInterval;
    private Histogram segmentInterval;
    private Histogram startupInterval;

    /** Counters of the node at {@code address} ({@code ip:port}). */
    public NodeCounters node(String address) {
        return nodes.computeIfAbsent(address, a -> new NodeCounters());
    }

    /** Notes the node id ({@code EdgeWeave-Node}) a node's responses carry. */
    public void nodeId(String address, String id) {
        NodeCounters c = node(address);
        if (id != null && c.id == null) {
            c.id = id;
        }
    }

    /** One failed attempt of kind {@code kind} (e.g. {@code "connect"}, {@code "http 503"}, {@code "timeout"}). */
    public void error(String kind) {
        errors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** A receipt batch the node refused, by status and reason. */
    public void receiptRefused(String why) {
        receiptBatchesRefused.increment();
        receiptRefusals.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    public void firstByteNanos(long nanos) {
        firstByte.recordValue(micros(nanos));
    }

    public void segmentNanos(long nanos) {
        segment.recordValue(micros(nanos));
    }

    public void startupNanos(long nanos) {
        startup.recordValue(micros(nanos));
    }

    private static long micros(long nanos) {
        return Math.min(MAX_MICROS, Math.max(1, nanos / 1000));
    }

    /** Moves what was recorded since the last call into the totals (the ticker's thread, and once at the end). */
    public synchronized void roll() {
        firstByteInterval = firstByte.getIntervalHistogram(firstByteInterval);
        segmentInterval = segment.getIntervalHistogram(segmentInterval);
        startupInterval = startup.getIntervalHistogram(startupInterval);
        firstByteTotal.add(firstByteInterval);
        segmentTotal.add(segmentInterval);
        startupTotal.add(startupInterval);
    }

    /** Time to first byte of segment responses, µs (a copy of the totals). */
    public synchronized Histogram firstByte() {
        return firstByteTotal.copy();
    }

    /** Time to the last byte of segment responses, µs (a copy). */
    public synchronized Histogram segment() {
        return segmentTotal.copy();
    }

    /** Time from asking for a stream to its first segment in hand, µs (a copy). */
    public synchronized Histogram startup() {
        return startupTotal.copy();
    }

    public Map<String, Long> errorKinds() {
        return sums(errorKinds);
    }

    public Map<String, Long> receiptRefusals() {
        return sums(receiptRefusals);
    }

    /** Per-node counters by address, sorted. */
    public Map<String, NodeCounters> nodes() {
        return new TreeMap<>(nodes);
    }

    /** The id a node's responses named, or null. */
    public static String idOf(NodeCounters c) {
        return c.id;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
