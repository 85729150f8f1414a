package dev.edgeweave.loadtest.report;

import java.util.Locale;
import java.util.Map;

/** The human form of a {@link Report}: a few aligned blocks, one fact per line. */
public final class ReportText {

    private ReportText() {}

    /** The progress line printed every second. */
    public static String progress(double seconds, long viewers, double reqPerSec, double mbPerSec, long errors,
                                  long rebuffers, long segmentsOk, long segmentsFailed) {
        return String.format(Locale.ROOT,
                "[%6.1fs] viewers %5d  req/s %8.1f  MB/s %7.2f  errors %5d  rebuffers %4d  segments %7d ok %4d failed",
                seconds, viewers, reqPerSec, mbPerSec, errors, rebuffers, segmentsOk, segmentsFailed);
    }

    /** The final report. */
    public static String format(Report r) {
        StringBuilder sb = new StringBuilder();
        Report.Run run = r.run();
        line(sb, "load test of %s: %d viewers, %d stream(s), %s pace, %s, %.1f s (ended by %s)", run.host(),
                run.viewers(), run.streams(), run.pace(), run.steering(), run.seconds(), run.endedBy());
        Report.Throughput t = r.throughput();
        line(sb, "throughput     %d requests (%.1f/s), %.1f MB (%.2f MB/s, %.1f Mbit/s)", t.requests(),
                t.requestsPerSecond(), t.bytes() / 1e6, t.megabytesPerSecond(), t.megabitsPerSecond());
        latency(sb, "first byte    ", r.firstByte());
        latency(sb, "full segment  ", r.segment());
        latency(sb, "startup       ", r.startup());
        Report.Playback p = r.playback();
        line(sb, "segments       %d ok, %d failed after every attempt, %d needed a retry; playlists %d ok, %d failed",
                p.segmentsOk(), p.segmentsFailed(), p.segmentsRetried(), p.playlistsOk(), p.playlistsFailed());
        line(sb, "rebuffers      %d events in %d viewers, %.1f s stalled", p.rebuffers(), p.viewersWithRebuffers(),
                p.stallSeconds());
        line(sb, "nodes          %-22s %8s %8s %9s %10s %7s  %s", "address", "requests", "segments", "hit ratio",
                "MB", "errors", "id");
        for (Report.NodeLine n : r.nodes()) {
            line(sb, "               %-22s %8d %8d %8.1f%% %10.1f %7d  %s%s", n.address(), n.requests(), n.segments(),
                    n.hitRatio() * 100, n.bytes() / 1e6, n.errors(), n.id() == null ? "-" : n.id().substring(0, 12),
                    n.fault() == null ? "" : "  (" + n.fault() + ")");
        }
        if (!r.errors().isEmpty()) {
            StringBuilder e = new StringBuilder();
            r.errors().forEach((k, v) -> e.append(e.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            line(sb, "errors         %s", e);
        }
        Report.Bytes b = r.bytes();
        line(sb, "bytes          served %d, verified %d, receipted %d, rewarded %s", b.served(), b.verified(),
                b.receipted(), b.rewarded() == null ? "unknown" : b.rewarded().toString());
        line(sb, "receipts       %d batches taken, %d refused, %d failed to send; %d verified bytes had no node/epoch"
                + " to receipt", b.receiptBatchesOk(), b.receiptBatchesRefused(), b.receiptBatchesFailed(),
                b.unreceiptable());
        for (Map.Entry<String, Long> e : b.receiptRefusals().entrySet()) {
            line(sb, "               refused %d× %s", e.getValue(), e.getKey());
        }
        for (Report.RewardLine w : r.rewards()) {
            line(sb, "rewards        epoch %d node %s: receipted %d, claimed %s, verified %s (%s; epoch %s)", w.epoch(),
                    w.node().substring(0, 12), w.receipted(), w.claimed(), w.verified(), w.status(), w.epochStatus());
        }
        for (Report.FaultLine f : r.faults()) {
            if (f.node().equals("origin")) {
                line(sb, "fault          %s at %.1f s%s", f.kind(), f.atSeconds(),
                        f.error() == null ? "" : "; FAILED: " + f.error());
                continue;
            }
            line(sb, "fault          %s %s at %.1f s: %d viewers on it, %d moved (failover p50 %.2f s, max %.2f s),"
                            + " %d steered away by DNS (p50 %.2f s, max %.2f s)%s", f.kind(), f.node(), f.atSeconds(),
                    f.viewersOnNode(), f.viewersMoved(), f.failoverP50Seconds(), f.failoverMaxSeconds(),
                    f.viewersSteeredAway(), f.steeredAwayP50Seconds(), f.steeredAwayMaxSeconds(),
                    f.error() == null ? "" : "; FAILED: " + f.error());
        }
        Report.Viewers v = r.viewers();
        line(sb, "viewers        %d: %d ended on a live node, %d never got a segment, %d stalled in the last 10 s",
                v.total(), v.endedOnLiveNode(), v.withoutSegment(), v.stalledAtEnd());
        if (r.origin() != null) {
            Report.Origin o = r.origin();
            line(sb, "origin         %s: %d streams of %.0f kbit/s, %d requests (%d failed on purpose)", o.url(),
                    o.streams(), o.clipKbps(), o.requests(), o.failedOnPurpose());
        }
        for (String n : r.notes()) {
            line(sb, "note           %s", n);
        }
        return sb.toString();
    }

    private static void latency(StringBuilder sb, String name, Report.Latency l) {
        line(sb, "%s ms  p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  (n=%d)", name, l.p50(), l.p90(),
                l.p99(), l.p999(), l.max(), l.count());
    }

    private static void line(StringBuilder sb, String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
