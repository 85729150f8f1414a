package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.store.Heartbeat;
import dev.edgeweave.tracker.store.NodeRecord;
import dev.edgeweave.tracker.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge nodes: registration, heartbeats, drain and removal, health (heartbeat timeout plus
 * active probes of {@code <admin>/health}), and the node set steering answers from.
 *
 * <p>State lives in memory (a {@link NodeTable}, guarded by its lock) and in the {@link Store}:
 * registrations, drains and removals are written through; heartbeats are batched to the store on each
 * {@link #sweep()} (their {@code ts} is the replay floor). After a restart every node is
 * {@link NodeState#UNKNOWN} until it heartbeats again, and signed timestamps older than the
 * restart are refused, so a request captured before the restart cannot be replayed after it.
 *
 * <p>Every state change is logged once with its reason and pushed to steering at once; load and
 * spare-capacity changes are pushed on the next sweep. Several tracker replicas sharing one
 * database see each other's changes through {@link #refresh()}, run by {@link #sweep()}.
 *
 * <p>Methods block on the database: never call them from a Netty event loop ({@link #endpoint} is
 * the lock-free exception).
 */
public final class NodeRegistry {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);

    private final Store store;
    private final Coverage coverage;
    private final Nonces nonces;
    private final Clock clock;
    private final NodeTable table;
    private final NodeMaintenance maintenance;

    /**
     * @param store    durable state
     * @param coverage regions a node may name, and where a node without one is located
     * @param nonces   registration nonces
     * @param feed     where node sets go (steering)
     * @param probe    the health check ({@link HttpHealthProbe} in production)
     * @param policy   heartbeat timeout, probe interval and failures, allowed clock skew
     * @param clock    tracker time; the replay floor after a restart is this clock at construction
     * @param metrics  meters
     */
    public NodeRegistry(Store store, Coverage coverage, Nonces nonces, SteeringFeed feed, HealthProbe probe,
                        HealthPolicy policy, Clock clock, RegistryMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.coverage = Objects.requireNonNull(coverage, "coverage");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.table = new NodeTable(feed, metrics, policy, clock.millis());
        this.maintenance = new NodeMaintenance(table, store, Objects.requireNonNull(probe, "probe"), clock);
        metrics.bindNodeStates(() -> {
            synchronized (table) {
                return table.countStates();
            }
        });
    }

    /** Loads the stored nodes (all {@link NodeState#UNKNOWN} until they heartbeat) and pushes them to steering. */
    public void load() {
        List<NodeRecord> rows = store.nodes();
        synchronized (table) {
            for (NodeRecord r : rows) {
                NodeEntry e = table.newEntry(r);
                e.stateSince = table.startedAt();
                table.evaluate(e, table.startedAt());
                table.entries.put(r.id(), e);
            }
            log.info("registry loaded {} nodes from {} (unknown until they heartbeat)", rows.size(), store);
            table.push();
        }
    }

    /**
     * Registers a node, or updates its registration (same key): new url/admin/region/capacity,
     * draining cleared, health probes start over (the first one at once). The node joins steering
     * answers when that probe passes.
     *
     * @throws RegistryException naming the field for bad input or a bad nonce
     */
    public NodeStatus register(String publicKey, String url, String admin, String region, Long maxMbps,
                               String nonce) {
        NodeEntry probeNow;
        NodeStatus status;
        try {
            String id = Validation.publicKey("publicKey", publicKey).hex();
            NodeEndpoint endpoint = Validation.nodeUrl("url", url);
            NodeEndpoint adminEndpoint = Validation.nodeUrl("admin", admin);
            if (!adminEndpoint.address().equals(endpoint.address())) {
                throw RegistryException.invalid("admin: host " + adminEndpoint.urlHost() + " differs from url host "
                        + endpoint.urlHost() + " (expected: the same address, so health probes check the node"
                        + " that viewers are sent to)");
            }
            long mbps = Validation.mbps("maxMbps", maxMbps);
            String resolvedRegion = Validation.region(region, endpoint, coverage);
            nonces.consume(nonce);
            long now = clock.millis();
            NodeRecord r = store.putNode(id, endpoint.base(), adminEndpoint.base(), resolvedRegion, mbps, now);
            synchronized (table) {
                NodeEntry e = table.entries.get(id);
                boolean created = e == null;
                if (created) {
                    e = table.newEntry(r);
                    table.entries.put(id, e);
                } else {
                    e.record = r.withHeartbeat(e.record.heartbeat(), e.record.lastSignedTs());
                    e.endpoint = endpoint;
                    e.healthUri = NodeTable.healthUri(r.admin());
                }
                e.touchedSeq = ++table.seq;
                e.lastHeartbeatAt = now;
                e.resetProbe();
                log.info("node {} {}: url {} admin {} region {} max {} Mbit/s", e.shortId(),
                        created ? "registered" : "re-registered", r.url(), r.admin(), r.region(), mbps);
                table.metrics().registration(created ? "created" : "updated");
                table.transition(e, now);
                table.push();
                probeNow = e;
                status = e.status();
            }
        } catch (RegistryException ex) {
            table.metrics().registration("refused");
            throw ex;
        }
        maintenance.launchProbes(List.of(probeNow));
        return status;
    }

    /**
     * Accepts a heartbeat.
     *
     * @throws RegistryException {@code NOT_FOUND} for an unknown node, {@code INVALID} for a bad field or a
     *                           {@code ts} outside the allowed skew, {@code CONFLICT/stale_timestamp} for a
     *                           {@code ts} not after the last accepted one (replay)
     */
    public NodeStatus heartbeat(String id, HeartbeatReport report) {
        Objects.requireNonNull(report, "report");
        List<NodeEntry> toProbe = new ArrayList<>();
        NodeStatus status;
        try {
            synchronized (table) {
                NodeEntry e = existing(id);
                long now = clock.millis();
                Heartbeat hb = report.validate(checkTs(e, report.ts(), now), now);
                Heartbeat previous = e.record.heartbeat();
                e.record = e.record.withHeartbeat(hb, hb.ts());
                e.lastHeartbeatAt = now;
                table.unflushed.put(id, new Store.HeartbeatWrite(id, hb));
                table.metrics().heartbeat("accepted");
                if (table.transition(e, now)) {
                    table.push();
                } else if (previous == null || previous.spareMbps() != hb.spareMbps()
                        || previous.maxMbps() != hb.maxMbps() || previous.load() != hb.load()) {
                    table.viewsDirty = true; // capacity only: pushed on the next sweep
                }
                if (!e.probeEverOk && !e.probeInFlight) {
                    toProbe.add(e); // e.g. first heartbeat after a tracker restart
                }
                status = e.status();
            }
        } catch (RegistryException ex) {
            table.metrics().heartbeat("refused");
            throw ex;
        }
        maintenance.launchProbes(toProbe);
        return status;
    }

    /**
     * Drains a node: it leaves steering answers at once and stays out until it registers again.
     *
     * @throws RegistryException as for {@link #heartbeat} ({@code ts} rules are shared)
     */
    public NodeStatus drain(String id, Long ts) {
        synchronized (table) {
            NodeEntry e = existing(id);
            long now = clock.millis();
            long t = checkTs(e, ts, now);
            store.setDraining(id, true, t, now);
            e.record = e.record.withDraining(true, t, now);
            e.touchedSeq = ++table.seq;
            log.info("node {} asked to drain", e.shortId());
            table.transition(e, now);
            table.push();
            return e.status();
        }
    }

    /**
     * Removes a node from the registry and from steering.
     *
     * @throws RegistryException as for {@link #heartbeat}
     */
    public void remove(String id, Long ts) {
        synchronized (table) {
            NodeEntry e = existing(id);
            checkTs(e, ts, clock.millis());
            store.deleteNode(id);
            table.entries.remove(id);
            table.unflushed.remove(id);
            log.info("node {} removed at its request", e.shortId());
            table.push();
        }
    }

    /** Whether {@code id} (64 lowercase hex) is registered. */
    public boolean contains(String id) {
        synchronized (table) {
            return table.entries.containsKey(id);
        }
    }

    /** All nodes, sorted by id. */
    public List<NodeStatus> statuses() {
        synchronized (table) {
            List<NodeStatus> out = new ArrayList<>(table.entries.size());
            for (NodeEntry e : table.entries.values()) {
                out.add(e.status());
            }
            return out;
        }
    }

    /** One node. */
    public Optional<NodeStatus> status(String id) {
        synchronized (table) {
            NodeEntry e = table.entries.get(id);
            return e == null ? Optional.empty() : Optional.of(e.status());
        }
    }

    /** A node's viewer endpoint (scheme, address, port), e.g. for redirects. Lock-free. */
    public Optional<NodeEndpoint> endpoint(String id) {
        return Optional.ofNullable(table.endpoint(id));
    }

    /**
     * Periodic work: writes pending heartbeats, picks up other replicas' changes (every 2 s), applies
     * heartbeat timeouts, starts due health probes, and pushes capacity changes to steering. Call it
     * every few hundred milliseconds from one scheduler thread.
     */
    public void sweep() {
        maintenance.sweep();
    }

    /** Writes pending heartbeats to the store in one transaction (also called on close). */
    public void flush() {
        maintenance.flush();
    }

    /** Merges other replicas' changes from the store (see {@link NodeMaintenance#refresh()}). */
    public void refresh() {
        maintenance.refresh();
    }

    private NodeEntry existing(String id) {
        NodeEntry e = id == null ? null : table.entries.get(id);
        if (e == null) {
            throw new RegistryException(RegistryException.Kind.NOT_FOUND, "unknown_node",
                    "node " + id + " is not registered (expected: POST /v1/nodes first)");
        }
        return e;
    }

    /** Checks a signed request's {@code ts}: within the skew of {@code now} and after the replay floor. */
    private long checkTs(NodeEntry e, Long ts, long now) {
        if (ts == null) {
            throw RegistryException.invalid("ts: missing (expected: the node's clock in unix milliseconds)");
        }
        long skew = ts - now;
        long max = table.policy().maxClockSkew().toMillis();
        if (Math.abs(skew) > max) {
            throw new RegistryException(RegistryException.Kind.INVALID, "clock_skew", "ts: " + ts + " is "
                    + NodeHealth.seconds(Math.abs(skew)) + (skew < 0 ? " behind" : " ahead of") + " the tracker clock"
                    + " (expected: within " + max / 1000 + " s; check the node's clock)");
        }
        if (ts <= e.record.lastSignedTs()) {
            throw new RegistryException(RegistryException.Kind.CONFLICT, "stale_timestamp", "ts: " + ts
                    + " is not after " + e.record.lastSignedTs() + ", the last accepted ts or the tracker's restart"
                    + " (expected: a larger ts; a replayed or reordered request)");
        }
        return ts;
    }
}
