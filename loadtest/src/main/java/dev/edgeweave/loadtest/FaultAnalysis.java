package dev.edgeweave.loadtest;

import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * How viewers fared after a fault: a pure function of the viewers' stories (node switches and DNS
 * answer changes, on the monotonic clock) and of who was on the node when it broke.
 */
final class FaultAnalysis {

    private FaultAnalysis() {}

    /**
     * @param atNanos when the fault happened
     * @param startNanos when the crowd started (for {@code atSeconds})
     * @param node the node's {@code ip:port}
     * @param onNode viewers whose last good segment came from the node at {@code atNanos}
     * @param results the viewers' stories by index
     * @param error why the fault could not be injected, or null
     */
    static Report.FaultLine analyse(String kind, long atNanos, long startNanos, String node,
                                    Collection<Integer> onNode, Map<Integer, ViewerResult> results, String error) {
        String ip = node.contains(":") ? node.substring(0, node.lastIndexOf(':')) : node; // "origin" has no port
        List<Long> failover = new ArrayList<>();
        List<Long> steered = new ArrayList<>();
        for (int v : onNode) {
            ViewerResult r = results.get(v);
            if (r == null) {
                continue;
            }
            for (ViewerResult.Switch s : r.switches()) {
                if (s.atNanos() >= atNanos && !node.equals(s.to())) {
                    failover.add(s.atNanos() - atNanos);
                    break;
                }
            }
            for (ViewerResult.AnswerChange a : r.answers()) {
                if (a.atNanos() >= atNanos && !a.addresses().contains(ip)) {
                    steered.add(a.atNanos() - atNanos);
                    break;
                }
            }
        }
        return new Report.FaultLine((atNanos - startNanos) / 1e9, kind, node, onNode.size(), failover.size(),
                seconds(median(failover)), seconds(max(failover)), steered.size(), seconds(median(steered)),
                seconds(max(steered)), error);
    }

    static long median(List<Long> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get((s.size() - 1) / 2);
    }

    private static long max(List<Long> xs) {
        return xs.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static double seconds(long nanos) {
        return Math.round(nanos / 1e7) / 100.0;
    }
}
