package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.store.NodeRecord;
import dev.edgeweave.tracker.store.Store;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory node set shared by {@link NodeRegistry} (requests) and {@link NodeMaintenance}
 * (sweeps, probes, replica sync). All fields and methods are guarded by this object's monitor:
 * callers hold {@code synchronized (table)}; only {@link #endpoint(String)} is lock-free.
 */
final class NodeTable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    final Map<String, NodeEntry> entries = new TreeMap<>();
    /** Heartbeats accepted but not yet written to the store, by node id. */
    final Map<String, Store.HeartbeatWrite> unflushed = new LinkedHashMap<>();
    /** Capacity figures changed without a state change: push on the next sweep. */
    boolean viewsDirty;
    /** Local mutation counter (see {@link NodeMaintenance#refresh()}). */
    long seq;
    int probesInFlight;

    private final SteeringFeed feed;
    private final RegistryMetrics metrics;
    private final HealthPolicy policy;
    private final long startedAt;
    /** Every node's endpoint as of the last push, for lock-free reads on the event loop. */
    private volatile Map<String, NodeEndpoint> endpoints = Map.of();

    NodeTable(SteeringFeed feed, RegistryMetrics metrics, HealthPolicy policy, long startedAt) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.startedAt = startedAt;
    }

    HealthPolicy policy() {
        return policy;
    }

    long startedAt() {
        return startedAt;
    }

    RegistryMetrics metrics() {
        return metrics;
    }

    /**
     * A new entry for a stored row. Its replay floor is at least the tracker's start, so requests
     * signed before a restart cannot be replayed after it.
     */
    NodeEntry newEntry(NodeRecord r) {
        NodeEntry e = new NodeEntry(r, Validation.nodeUrl("url", r.url()), healthUri(r.admin()));
        e.record = r.withHeartbeat(r.heartbeat(), Math.max(r.lastSignedTs(), startedAt));
        return e;
    }

    static URI healthUri(String admin) {
        return URI.create(admin + "/health");
    }

    /** Re-evaluates {@code e}; logs and counts a change of state. Returns whether the state changed. */
    boolean transition(NodeEntry e, long now) {
        NodeState before = e.state;
        String beforeReason = e.reason;
        evaluate(e, now);
        if (e.state == before) {
            if (e.state != NodeState.HEALTHY && !Objects.equals(kind(beforeReason), kind(e.reason))) {
                log.info("node {} still {}: {}", e.shortId(), e.state.wire(), e.reason);
            }
            return false;
        }
        e.stateSince = now;
        metrics.transition(e.state);
        if (e.state == NodeState.HEALTHY) {
            log.info("node {} {} -> healthy", e.shortId(), before.wire());
        } else {
            log.info("node {} {} -> {}: {}", e.shortId(), before.wire(), e.state.wire(), e.reason);
        }
        return true;
    }

    /** Applies {@link NodeHealth} to {@code e} without logging. */
    void evaluate(NodeEntry e, long now) {
        NodeHealth.Verdict v = NodeHealth.evaluate(e.facts(), now, policy);
        e.state = v.state();
        e.reason = v.reason();
    }

    /** The stable part of a reason (without durations), so "missed heartbeats for 3 s/4 s" logs once. */
    private static String kind(String reason) {
        return reason == null ? null : reason.replaceAll("[0-9.]+ s", "");
    }

    /** Pushes the current node set to steering. */
    void push() {
        List<NodeView> views = new ArrayList<>(entries.size());
        Map<String, NodeEndpoint> eps = new HashMap<>();
        for (NodeEntry e : entries.values()) {
            views.add(e.view());
            eps.put(e.record.id(), e.endpoint);
        }
        endpoints = Map.copyOf(eps);
        viewsDirty = false;
        feed.nodes(views);
    }

    /** Node counts indexed by {@link NodeState#ordinal()}. */
    int[] countStates() {
        int[] counts = new int[NodeState.values().length];
        for (NodeEntry e : entries.values()) {
            counts[e.state.ordinal()]++;
        }
        return counts;
    }

    /** A node's endpoint as of the last push. Lock-free. */
    NodeEndpoint endpoint(String id) {
        return endpoints.get(id);
    }
}
