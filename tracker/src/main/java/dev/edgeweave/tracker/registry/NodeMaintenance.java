package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.store.Heartbeat;
import dev.edgeweave.tracker.store.NodeRecord;
import dev.edgeweave.tracker.store.Store;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's periodic work: heartbeat batches to the store, other replicas' changes from it,
 * heartbeat timeouts, and active health probes (at most {@value #MAX_PROBES_IN_FLIGHT} at once,
 * one per node at a time). Shares the {@link NodeTable} and its lock with {@link NodeRegistry}.
 */
final class NodeMaintenance {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    /** How often {@link #sweep()} re-reads the store for other replicas' changes. */
    static final long REFRESH_MILLIS = 2_000;
    /** Probes running at once, at most. */
    static final int MAX_PROBES_IN_FLIGHT = 64;

    private final NodeTable table;
    private final Store store;
    private final HealthProbe probe;
    private final Clock clock;
    private long lastRefresh; // guarded by table

    NodeMaintenance(NodeTable table, Store store, HealthProbe probe, Clock clock) {
        this.table = table;
        this.store = store;
        this.probe = probe;
        this.clock = clock;
        this.lastRefresh = clock.millis();
    }

    void sweep() {
        flush();
        boolean refreshDue;
        synchronized (table) {
            refreshDue = clock.millis() - lastRefresh >= REFRESH_MILLIS;
        }
        if (refreshDue) {
            refresh();
        }
        List<NodeEntry> toProbe = new ArrayList<>();
        synchronized (table) {
            long now = clock.millis();
            boolean changed = false;
            long interval = table.policy().probeInterval().toMillis();
            for (NodeEntry e : table.entries.values()) {
                changed |= table.transition(e, now);
                if (!e.probeInFlight && table.probesInFlight + toProbe.size() < MAX_PROBES_IN_FLIGHT
                        && (e.probeStartedAt == 0 || now - e.probeStartedAt >= interval)) {
                    toProbe.add(e);
                }
            }
            if (changed || table.viewsDirty) {
                table.push();
            }
        }
        launchProbes(toProbe);
    }

    void flush() {
        List<Store.HeartbeatWrite> batch;
        synchronized (table) {
            if (table.unflushed.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(table.unflushed.values());
            table.unflushed.clear();
        }
        try {
            store.putHeartbeats(batch);
        } catch (RuntimeException ex) {
            synchronized (table) {
                for (Store.HeartbeatWrite w : batch) {
                    table.unflushed.putIfAbsent(w.nodeId(), w);
                }
            }
            log.warn("storing {} heartbeats failed, will retry: {}", batch.size(), ex.getMessage());
        }
    }

    /**
     * Merges the store's nodes into memory. An entry changed locally while the store was being read
     * ({@code touchedSeq} above the sequence at the start of the read) keeps its local registration and
     * is not removed; heartbeats are adopted when newer than the local one.
     */
    void refresh() {
        long seqAtLoad;
        synchronized (table) {
            seqAtLoad = table.seq;
            lastRefresh = clock.millis();
        }
        List<NodeRecord> rows = store.nodes();
        synchronized (table) {
            long now = clock.millis();
            boolean changed = false;
            Set<String> seen = new HashSet<>();
            for (NodeRecord row : rows) {
                seen.add(row.id());
                NodeEntry e = table.entries.get(row.id());
                if (e == null) {
                    e = table.newEntry(row);
                    adoptHeartbeat(e, row);
                    e.stateSince = now;
                    table.entries.put(row.id(), e);
                    log.info("node {} registered through another tracker replica", e.shortId());
                    table.evaluate(e, now);
                    changed = true;
                    continue;
                }
                if (e.touchedSeq <= seqAtLoad && registrationDiffers(e.record, row)) {
                    e.record = new NodeRecord(row.id(), row.url(), row.admin(), row.region(), row.maxMbps(),
                            row.draining(), row.registeredAt(), row.updatedAt(),
                            Math.max(row.lastSignedTs(), e.record.lastSignedTs()), e.record.heartbeat());
                    e.endpoint = Validation.nodeUrl("url", row.url());
                    e.healthUri = NodeTable.healthUri(row.admin());
                    changed = true;
                }
                changed |= adoptHeartbeat(e, row);
                changed |= table.transition(e, now);
            }
            for (Iterator<NodeEntry> it = table.entries.values().iterator(); it.hasNext(); ) {
                NodeEntry e = it.next();
                if (!seen.contains(e.record.id()) && e.touchedSeq <= seqAtLoad) {
                    it.remove();
                    table.unflushed.remove(e.record.id());
                    log.info("node {} removed through another tracker replica", e.shortId());
                    changed = true;
                }
            }
            if (changed) {
                table.push();
            }
        }
    }

    /** Takes the stored heartbeat if another replica received a newer one since this tracker started. */
    private boolean adoptHeartbeat(NodeEntry e, NodeRecord row) {
        Heartbeat hb = row.heartbeat();
        Heartbeat mine = e.record.heartbeat();
        if (hb == null || hb.receivedAt() <= table.startedAt() || hb.receivedAt() <= e.lastHeartbeatAt
                || hb.ts() <= (mine == null ? 0 : mine.ts())) {
            if (row.lastSignedTs() > e.record.lastSignedTs()) {
                e.record = e.record.withHeartbeat(mine, row.lastSignedTs());
            }
            return false;
        }
        e.record = e.record.withHeartbeat(hb, row.lastSignedTs());
        e.lastHeartbeatAt = hb.receivedAt();
        return true;
    }

    private static boolean registrationDiffers(NodeRecord a, NodeRecord b) {
        return !a.url().equals(b.url()) || !a.admin().equals(b.admin()) || !a.region().equals(b.region())
                || a.maxMbps() != b.maxMbps() || a.draining() != b.draining();
    }

    /** Starts a probe for each entry that has none running. Call without holding the lock. */
    void launchProbes(List<NodeEntry> targets) {
        for (NodeEntry e : targets) {
            URI uri;
            int generation;
            synchronized (table) {
                if (e.probeInFlight || table.entries.get(e.record.id()) != e) {
                    continue;
                }
                e.probeInFlight = true;
                e.probeStartedAt = clock.millis();
                table.probesInFlight++;
                uri = e.healthUri;
                generation = e.probeGeneration;
            }
            probe.probe(uri).whenComplete((result, error) -> probeDone(e, generation,
                    error != null ? HealthProbe.Result.failed(error.toString()) : result));
        }
    }

    private void probeDone(NodeEntry e, int generation, HealthProbe.Result result) {
        synchronized (table) {
            table.probesInFlight--;
            if (table.entries.get(e.record.id()) != e || generation != e.probeGeneration) {
                return; // removed or re-registered meanwhile: this probe checked an old admin URL
            }
            long now = clock.millis();
            e.probeInFlight = false;
            e.probeAt = now;
            e.probeOk = result.ok();
            table.metrics().probe(result.ok());
            if (result.ok()) {
                e.probeFailures = 0;
                e.probeEverOk = true;
                e.probeDetail = null;
            } else {
                e.probeFailures++;
                e.probeDetail = result.detail();
            }
            if (table.transition(e, now)) {
                table.push();
            }
        }
    }
}
