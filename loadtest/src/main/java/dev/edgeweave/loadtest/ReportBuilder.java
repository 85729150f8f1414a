package dev.edgeweave.loadtest;

import dev.edgeweave.loadtest.LoadConfig.Fault;
import dev.edgeweave.loadtest.LoadConfig.FaultKind;
import dev.edgeweave.loadtest.origin.LoadOrigin;
import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.report.Stats;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Assembles the {@link Report} from the meters, the viewers' stories, the faults and the rewards. */
final class ReportBuilder {

    /** A fault as it happened: when, who was on the node, and the error if it could not be injected. */
    record Injected(Fault fault, long atNanos, List<Integer> onNode, String error) {}

    private ReportBuilder() {}

    static Report build(LoadConfig config, Stats stats, List<ViewerResult> results, List<Injected> injected,
                        long start, long end, String endedBy, LoadOrigin origin, Rewards rewards) {
        double secs = Math.max(1e-9, (end - start) / 1e9);
        long requests = stats.requests.sum();
        long bytes = stats.bytes.sum();
        Report.Run run = new Report.Run(config.host(), config.dns() != null ? "DNS via " + hostPort(config.dns())
                : "fixed target " + hostPort(config.target()), config.pace().name().toLowerCase(Locale.ROOT),
                config.viewers(), config.streams(), round(secs), endedBy);
        Report.Throughput t = new Report.Throughput(requests, round(requests / secs), bytes,
                round(bytes / secs / 1e6), round(bytes * 8 / secs / 1e6));

        Map<String, String> faultOf = new HashMap<>();
        Set<String> killed = new HashSet<>();
        List<Report.FaultLine> faults = new ArrayList<>();
        Map<Integer, ViewerResult> byIndex = new HashMap<>();
        results.forEach(r -> byIndex.put(r.index(), r));
        for (Injected i : injected) {
            Fault f = i.fault();
            String node = f.node() >= 0 ? config.nodes().get(f.node()).address() : "origin";
            String kind = f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            if (f.node() >= 0) {
                faultOf.put(node, (f.kind() == FaultKind.KILL_NODE ? "killed" : "drained") + " at "
                        + String.format(Locale.ROOT, "%.1f s", (i.atNanos() - start) / 1e9)
                        + (i.error() == null ? "" : ", FAILED"));
                if (f.kind() == FaultKind.KILL_NODE && i.error() == null) {
                    killed.add(node);
                }
            }
            faults.add(FaultAnalysis.analyse(kind, i.atNanos(), start, node, f.node() >= 0 ? i.onNode() : List.of(),
                    byIndex, i.error()));
        }

        Map<String, Stats.NodeCounters> counters = new TreeMap<>(stats.nodes());
        Map<String, String> ids = new LinkedHashMap<>();
        for (LoadConfig.NodeRef n : config.nodes()) {
            counters.computeIfAbsent(n.address(), a -> new Stats.NodeCounters());
            ids.put(n.address(), n.id());
        }
        List<Report.NodeLine> nodes = new ArrayList<>();
        counters.forEach((addr, c) -> {
            long hits = c.hits.sum();
            long misses = c.misses.sum();
            String id = Stats.idOf(c) != null ? Stats.idOf(c) : ids.get(addr);
            nodes.add(new Report.NodeLine(addr, id, c.requests.sum(), c.segments.sum(), hits, misses,
                    hits + misses == 0 ? 0 : round4((double) hits / (hits + misses)), c.bytes.sum(), c.errors.sum(),
                    faultOf.get(addr)));
        });

        long receipted = 0;
        int endedLive = 0;
        int without = 0;
        int stalled = 0;
        int withRebuffers = 0;
        long quiet = end - TimeUnit.SECONDS.toNanos(10);
        for (ViewerResult r : results) {
            receipted += r.receipted().values().stream().mapToLong(Long::longValue).sum();
            if (r.lastNode() == null) {
                without++;
            } else if (!killed.contains(r.lastNode())) {
                endedLive++;
            }
            if (r.lastNode() == null || r.lastOkNanos() - quiet < 0) {
                stalled++;
            }
            if (r.rebuffers() > 0) {
                withRebuffers++;
            }
        }
        Report.Playback playback = new Report.Playback(stats.segmentsOk.sum(), stats.segmentsFailed.sum(),
                stats.segmentsRetried.sum(), stats.playlistsOk.sum(), stats.playlistsFailed.sum(),
                stats.rebuffers.sum(), withRebuffers, round(stats.stallNanos.sum() / 1e9));
        Report.Bytes b = new Report.Bytes(bytes, stats.verifiedBytes.sum(), stats.unverifiedBytes.sum(),
                stats.unreceiptableBytes.sum(), receipted, rewards.rewarded(), stats.receiptBatchesOk.sum(),
                stats.receiptBatchesRefused.sum(), stats.receiptBatchesFailed.sum(), stats.receiptRefusals());

        List<String> notes = new ArrayList<>();
        if (config.receipts() && stats.unreceiptableBytes.sum() > 0) {
            notes.add(stats.unreceiptableBytes.sum() + " verified bytes came in responses without EdgeWeave-Node and"
                    + " EdgeWeave-Epoch headers: those nodes do not take receipts, so no receipt was signed for them");
        }
        if (stats.receiptBatchesRefused.sum() > 0) {
            notes.add(stats.receiptBatchesRefused.sum() + " receipt batches were refused by nodes (see 'refused'"
                    + " above): those bytes are served but not receipted");
        }
        if (config.target() != null) {
            notes.add("fixed target: viewers did not use DNS steering");
        }
        if (results.size() < config.viewers()) {
            notes.add((config.viewers() - results.size()) + " viewers did not finish in time and are left out of the"
                    + " viewer counts");
        }
        notes.addAll(rewards.notes());
        Report.Origin o = origin == null ? null : new Report.Origin(origin.uri().toString(), origin.streams(),
                Math.round(origin.clipBitsPerSecond() / 100) / 10.0, origin.requests(), origin.failedRequests());
        return new Report(run, t, Report.Latency.of(stats.firstByte()), Report.Latency.of(stats.segment()),
                Report.Latency.of(stats.startup()), playback, nodes, stats.errorKinds(), b, rewards.lines(), faults,
                new Report.Viewers(config.viewers(), endedLive, without, stalled), o, notes);
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
