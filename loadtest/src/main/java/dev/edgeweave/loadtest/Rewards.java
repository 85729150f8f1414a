package dev.edgeweave.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.tracker.TrackerApi;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the viewers receipted, per (epoch, node), against what the tracker credited
 * ({@code GET /v1/epochs/{n}/rewards}).
 *
 * @param lines one per (epoch, node) that either side knows
 * @param rewarded verified bytes the tracker credited over those epochs, or null if it credited none yet
 * @param notes what could not be compared, and why
 */
record Rewards(List<Report.RewardLine> lines, Long rewarded, List<String> notes) {

    private static final Logger log = LoggerFactory.getLogger(Rewards.class);

    static Rewards none(String why) {
        return new Rewards(List.of(), null, List.of(why));
    }

    /** Receipted bytes per (epoch, node) over every viewer. */
    static Map<Long, Map<String, Long>> receipted(List<ViewerResult> results) {
        Map<Long, Map<String, Long>> m = new TreeMap<>();
        for (ViewerResult r : results) {
            r.receipted().forEach((a, bytes) -> {
                if (bytes > 0) {
                    m.computeIfAbsent(a.epoch(), e -> new TreeMap<>()).merge(a.node(), bytes, Long::sum);
                }
            });
        }
        return m;
    }

    /**
     * Polls the rewards of every epoch the viewers receipted in until all are settled or {@code await}
     * has passed, then compares.
     */
    static Rewards collect(TrackerApi api, List<ViewerResult> results, Duration await, LongSupplier nanos)
            throws InterruptedException {
        Map<Long, Map<String, Long>> receipted = receipted(results);
        if (receipted.isEmpty()) {
            return none("no receipt was taken by any node: rewards not compared");
        }
        long deadline = nanos.getAsLong() + await.toNanos();
        Map<Long, JsonNode> epochs = new TreeMap<>();
        while (true) {
            boolean allSettled = true;
            for (long e : receipted.keySet()) {
                try {
                    JsonNode j = api.rewards(e);
                    epochs.put(e, j);
                    allSettled &= "settled".equals(j.path("status").asText());
                } catch (IOException ex) {
                    log.warn("rewards of epoch {}: {}", e, ex.getMessage());
                    allSettled = false;
                }
            }
            if (allSettled || nanos.getAsLong() - deadline >= 0) {
                break;
            }
            Thread.sleep(1000); // polling the tracker until the epochs settle; bounded by --await-rewards
        }
        return compare(receipted, epochs);
    }

    /** The comparison, a pure function of the receipts and the tracker's epoch documents. */
    static Rewards compare(Map<Long, Map<String, Long>> receipted, Map<Long, JsonNode> epochs) {
        List<Report.RewardLine> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long rewarded = 0;
        boolean any = false;
        TreeSet<Long> all = new TreeSet<>(receipted.keySet());
        all.addAll(epochs.keySet());
        for (long e : all) {
            JsonNode doc = epochs.get(e);
            String epochStatus = doc == null ? "unknown" : doc.path("status").asText("unknown");
            if (doc == null) {
                notes.add("epoch " + e + ": the tracker's rewards could not be read");
            } else if (!"settled".equals(epochStatus)) {
                notes.add("epoch " + e + " was '" + epochStatus + "' when the report was made: its rewards are not"
                        + " final (wait longer with --await-rewards)");
            }
            Map<String, JsonNode> claims = new TreeMap<>();
            if (doc != null) {
                for (JsonNode n : doc.path("nodes")) {
                    claims.put(n.path("node").asText(), n);
                }
            }
            TreeSet<String> nodes = new TreeSet<>(receipted.getOrDefault(e, Map.of()).keySet());
            nodes.addAll(claims.keySet());
            for (String node : nodes) {
                JsonNode c = claims.get(node);
                Long claimed = c == null ? null : c.path("claimedBytes").asLong();
                Long verified = c == null || c.path("verifiedBytes").isNull() || c.path("verifiedBytes").isMissingNode()
                        ? null : c.path("verifiedBytes").asLong();
                if (verified != null) {
                    rewarded += verified;
                    any = true;
                }
                lines.add(new Report.RewardLine(e, node, receipted.getOrDefault(e, Map.of()).getOrDefault(node, 0L),
                        claimed, verified, c == null ? "no claim" : c.path("status").asText(), epochStatus));
            }
        }
        return new Rewards(lines, any ? rewarded : null, notes);
    }
}
