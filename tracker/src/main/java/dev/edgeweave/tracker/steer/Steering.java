package dev.edgeweave.tracker.steer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses nodes for clients: by region and distance, then spare capacity, then rendezvous hashing
 * (see {@link SteeringSnapshot} for the exact order). The registry calls {@link #update} with every
 * change of the node set; readers ({@link #rank}, {@link #pick}, the DNS server) see the latest
 * immutable {@link SteeringSnapshot} without locks.
 *
 * <p>Nodes without a region get one from {@code coverage.locate(first address)}; a node's coordinates
 * are its region's ({@link Coverage#region(String)}). Clients are located by
 * {@link SteeringSnapshot#locate(InetAddress)}: the longest coverage prefix, else the documented
 * {@link SteeringSnapshot#fallback() fallback}. Thread-safe.
 */
public final class Steering {

    /** Distance used when the client's or the node's coordinates are unknown: half the Earth's circumference. */
    public static final double UNKNOWN_DISTANCE_KM = Math.PI * Geo.EARTH_RADIUS_KM;

    /** Told about every new snapshot, on the thread that called {@link #update}. */
    public interface Listener {
        /** Called with the snapshot that is now current. Must not throw. */
        void steeringChanged(SteeringSnapshot snapshot);
    }

    private static final Logger log = LoggerFactory.getLogger(Steering.class);

    private final Coverage coverage;
    private final SteeringConfig config;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile SteeringSnapshot current;

    /** Starts with no nodes and no hostnames. */
    public Steering(Coverage coverage, SteeringConfig config) {
        this.coverage = Objects.requireNonNull(coverage, "coverage");
        this.config = Objects.requireNonNull(config, "config");
        this.current = new SteeringSnapshot(config, coverage, List.of(), new LinkedHashSet<>(), 0);
    }

    /**
     * Replaces the node set and hostnames. Unhealthy and draining nodes are dropped here, so they leave
     * every answer as soon as this returns (listeners have run by then).
     *
     * @param nodes     every known node (healthy or not); ids must be unique
     * @param hostnames FQDNs like {@code "demo.cdn.test"} (lowercase, no trailing dot; normalized anyway)
     * @throws IllegalArgumentException on a duplicate node id or an invalid hostname
     */
    public synchronized void update(Collection<NodeView> nodes, Collection<String> hostnames) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(hostnames, "hostnames");
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : hostnames) {
            hosts.add(SteeringConfig.normalizeName("hostname", h));
        }
        Set<String> ids = new HashSet<>();
        List<SteeringSnapshot.Placed> placed = new ArrayList<>();
        for (NodeView n : nodes) {
            Objects.requireNonNull(n, "node");
            if (!ids.add(n.id())) {
                throw new IllegalArgumentException("nodes: duplicate id '" + n.id() + "' (expected: unique ids)");
            }
            if (!n.healthy() || n.draining()) {
                continue;
            }
            placed.add(place(n));
        }
        SteeringSnapshot previous = current;
        SteeringSnapshot next = new SteeringSnapshot(config, coverage, placed, hosts, previous.generation() + 1);
        logMembership(previous, next, nodes);
        current = next;
        for (Listener l : listeners) {
            l.steeringChanged(next);
        }
    }

    /** All eligible nodes ranked for {@code client}, best first; empty for a hostname not in the last update. */
    public List<RankedNode> rank(String hostname, InetAddress client, String objectKey) {
        SteeringSnapshot s = current;
        return s.rank(hostname, s.locate(client), objectKey);
    }

    /** The best node for {@code client}, e.g. for an HTTP 302; empty if none is eligible. */
    public Optional<NodeView> pick(String hostname, InetAddress client, String objectKey) {
        List<RankedNode> ranked = rank(hostname, client, objectKey);
        return ranked.isEmpty() ? Optional.empty() : Optional.of(ranked.get(0).node());
    }

    /**
     * The client's location, never empty: the longest coverage prefix holding {@code client}, else the
     * fallback described at {@link SteeringSnapshot#fallback()}.
     */
    public Location locate(InetAddress client) {
        return current.locate(client);
    }

    /** The current snapshot. */
    public SteeringSnapshot snapshot() {
        return current;
    }

    /** The settings this steering was built with. */
    public SteeringConfig config() {
        return config;
    }

    /** Adds a listener and calls it at once with the current snapshot. */
    public synchronized void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        listener.steeringChanged(current);
    }

    /** Removes a listener added before; no effect otherwise. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private SteeringSnapshot.Placed place(NodeView n) {
        String region = n.region();
        if (region == null && !n.addresses().isEmpty()) {
            region = coverage.locate(n.addresses().get(0)).map(Location::region).orElse(null);
        }
        if (region == null) {
            region = SteeringSnapshot.UNLOCATED;
        }
        return new SteeringSnapshot.Placed(n, region, coverage.region(region).orElse(null));
    }

    private static void logMembership(SteeringSnapshot previous, SteeringSnapshot next, Collection<NodeView> all) {
        Set<String> before = new HashSet<>();
        for (NodeView n : previous.eligibleNodes()) {
            before.add(n.id());
        }
        Set<String> after = new HashSet<>();
        for (NodeView n : next.eligibleNodes()) {
            after.add(n.id());
            if (!before.contains(n.id())) {
                log.info("node {} joins steering answers (region {})", n.id(), next.regionOf(n.id()).orElse("?"));
            }
        }
        for (NodeView n : all) {
            if (before.contains(n.id()) && !after.contains(n.id())) {
                log.info("node {} leaves steering answers ({})", n.id(), !n.healthy() ? "unhealthy" : "draining");
            }
        }
        Set<String> allIds = new HashSet<>();
        for (NodeView n : all) {
            allIds.add(n.id());
        }
        for (String id : before) {
            if (!allIds.contains(id)) {
                log.info("node {} leaves steering answers (no longer registered)", id);
            }
        }
    }
}
