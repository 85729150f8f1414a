package dev.edgeweave.loadtest.viewer;

import java.util.List;
import java.util.Map;

/**
 * One viewer's story after the run: where it ended up, how playback went, when it changed node
 * and when its DNS answer changed (fault reports read these), and its receipt accounts.
 *
 * @param index viewer number
 * @param source its source address
 * @param lastNode the node ({@code ip:port}) of its last good segment, or null
 * @param lastOkNanos when that was (monotonic clock), or 0
 * @param segmentsOk segments received and verified
 * @param segmentsFailed segments given up after every attempt
 * @param rebuffers playback stalls
 * @param switches every change of serving node
 * @param answers every change of its DNS answer
 * @param counted verified bytes per (node id, epoch)
 * @param receipted bytes per (node id, epoch) in receipts the node took
 */
public record ViewerResult(int index, String source, String lastNode, long lastOkNanos, long segmentsOk,
                           long segmentsFailed, int rebuffers, List<Switch> switches, List<AnswerChange> answers,
                           Map<Account, Long> counted, Map<Account, Long> receipted) {

    /** A change of serving node at {@code atNanos}. */
    public record Switch(long atNanos, String from, String to) {}

    /** A new DNS answer (addresses, best first) at {@code atNanos}. */
    public record AnswerChange(long atNanos, List<String> addresses) {}

    /** A receipt account. */
    public record Account(String node, long epoch) {}
}
