package dev.edgeweave.loadtest.report;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The final report of a load test; {@code --json FILE} writes exactly this (Jackson, field names as
 * here). Latencies are milliseconds, rates per second, sizes bytes.
 */
public record Report(Run run, Throughput throughput, Latency firstByte, Latency segment, Latency startup,
                     Playback playback, List<NodeLine> nodes, Map<String, Long> errors, Bytes bytes,
                     List<RewardLine> rewards, List<FaultLine> faults, Viewers viewers, Origin origin,
                     List<String> notes) {

    /**
     * What ran.
     *
     * @param endedBy {@code "time"} or {@code "request budget"}
     */
    public record Run(String host, String steering, String pace, int viewers, int streams, double seconds,
                      String endedBy) {}

    /** Totals and rates over the run. */
    public record Throughput(long requests, double requestsPerSecond, long bytes, double megabytesPerSecond,
                             double megabitsPerSecond) {}

    /** Percentiles of one latency, milliseconds. */
    public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {
        /** From a histogram of microseconds. */
        public static Latency of(Histogram h) {
            if (h.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(h.getTotalCount(), ms(h.getMean()), ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
        }

        private static double ms(double micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    /**
     * How playback went.
     *
     * @param segmentsFailed segments given up after every attempt (each attempt on the next node)
     * @param segmentsRetried segments that arrived after at least one failed attempt
     * @param rebuffers segments that arrived after their playback deadline (real-time pace only)
     */
    public record Playback(long segmentsOk, long segmentsFailed, long segmentsRetried, long playlistsOk,
                           long playlistsFailed, long rebuffers, long viewersWithRebuffers, double stallSeconds) {}

    /**
     * One node as the crowd saw it.
     *
     * @param address {@code ip:port}
     * @param id its {@code EdgeWeave-Node} id, or null if its responses named none
     * @param hitRatio hits / (hits + misses) from {@code Cache-Status}
     * @param fault {@code "killed at 15.0 s"}, {@code "drained at …"} or null
     */
    public record NodeLine(String address, String id, long requests, long segments, long hits, long misses,
                           double hitRatio, long bytes, long errors, String fault) {}

    /**
     * Bytes, from served to paid.
     *
     * @param served body bytes of good responses
     * @param verified of those, bytes that matched their {@code Repr-Digest}
     * @param unverified bytes without a usable {@code Repr-Digest} (never receipted)
     * @param unreceiptable verified bytes whose response named no node or epoch (no receipt possible)
     * @param receipted bytes in the latest receipts the nodes took (2xx)
     * @param rewarded verified bytes the tracker credited for the run's epochs, or null if not known
     * @param receiptRefusals refused receipt batches by status and reason
     */
    public record Bytes(long served, long verified, long unverified, long unreceiptable, long receipted,
                        Long rewarded, long receiptBatchesOk, long receiptBatchesRefused, long receiptBatchesFailed,
                        Map<String, Long> receiptRefusals) {}

    /**
     * One node's epoch: what our viewers receipted against what the tracker credited.
     *
     * @param status the claim's status at the tracker, or {@code "no claim"}
     * @param epochStatus the epoch's status ({@code open}, {@code claiming}, {@code auditing}, {@code settled})
     */
    public record RewardLine(long epoch, String node, long receipted, Long claimed, Long verified, String status,
                             String epochStatus) {}

    /**
     * A fault and how the viewers fared.
     *
     * @param viewersOnNode viewers whose last good segment came from the node when it broke
     * @param viewersMoved of those, viewers that later got a segment from another node
     * @param failoverSeconds time from the fault to their first good segment elsewhere: p50 and max
     * @param steeredAwaySeconds time from the fault to a DNS answer without the node: p50 and max, over
     *     the viewers on it that got such an answer
     */
    public record FaultLine(double atSeconds, String kind, String node, int viewersOnNode, int viewersMoved,
                            double failoverP50Seconds, double failoverMaxSeconds, int viewersSteeredAway,
                            double steeredAwayP50Seconds, double steeredAwayMaxSeconds, String error) {}

    /**
     * Where the viewers ended.
     *
     * @param endedOnLiveNode viewers whose last good segment came from a node that was not killed
     * @param withoutSegment viewers that never got a good segment
     * @param stalledAtEnd viewers without a good segment in the last 10 s of the run
     */
    public record Viewers(int total, int endedOnLiveNode, int withoutSegment, int stalledAtEnd) {}

    /** The load generator's own origin, if it ran one. */
    public record Origin(String url, int streams, double clipKbps, long requests, long failedOnPurpose) {}
}
