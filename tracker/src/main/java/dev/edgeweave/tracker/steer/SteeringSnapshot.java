package dev.edgeweave.tracker.steer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable view of steering's inputs after one {@link Steering#update}: the eligible nodes with
 * their resolved regions, the hostnames, the coverage and the fallback location. Ranking is a pure
 * function of this snapshot and the client's {@link Location}; the DNS server precomputes its answers
 * from it on every update.
 *
 * <h2>Ranking</h2>
 * <ol>
 *   <li>distance: 0 km when the node is in the client's region, else the haversine distance from the
 *       client's location to the node's region ({@link Steering#UNKNOWN_DISTANCE_KM} when either has no
 *       coordinates);</li>
 *   <li>spare capacity band, higher first: spare/max in quarters ({@code [0,25%)}, {@code [25,50%)},
 *       {@code [50,75%)}, {@code [75,100%]}); with an unknown maximum (0) the ratio is {@code 1 - load}.
 *       Bands rather than the raw ratio, so that small heartbeat jitter does not reshuffle a region and
 *       defeat content locality;</li>
 *   <li>rendezvous weight of the key (the hostname, or hostname + object key) and the node id, higher
 *       first ({@link Rendezvous});</li>
 *   <li>node id, as a last deterministic tie-break.</li>
 * </ol>
 * Unhealthy and draining nodes are not in the snapshot at all.
 */
public final class SteeringSnapshot {

    /** Region name given to nodes that name none and whose address no coverage prefix holds. */
    public static final String UNLOCATED = "unlocated";

    private final SteeringConfig config;
    private final Coverage coverage;
    private final List<Placed> nodes;
    private final Set<String> hostnames;
    private final Location fallback;
    private final long generation;

    SteeringSnapshot(SteeringConfig config, Coverage coverage, List<Placed> nodes, Set<String> hostnames,
                     long generation) {
        this.config = config;
        this.coverage = coverage;
        this.nodes = List.copyOf(nodes);
        this.hostnames = Collections.unmodifiableSet(hostnames);
        this.generation = generation;
        this.fallback = computeFallback(coverage, nodes);
    }

    /** The settings steering runs with. */
    public SteeringConfig config() {
        return config;
    }

    /** The coverage file in force. */
    public Coverage coverage() {
        return coverage;
    }

    /** Hostnames given to the last update, lowercase without trailing dot, in the order given. */
    public Set<String> hostnames() {
        return hostnames;
    }

    /** Eligible (healthy, not draining) nodes. */
    public List<NodeView> eligibleNodes() {
        List<NodeView> out = new ArrayList<>(nodes.size());
        for (Placed p : nodes) {
            out.add(p.node);
        }
        return out;
    }

    /** Increases by one on every update. */
    public long generation() {
        return generation;
    }

    /**
     * Where clients that no coverage prefix holds are placed: the coverage region with the most
     * eligible nodes (ties: the region listed first in the coverage file); with no eligible node in any
     * coverage region, the first coverage region; with an empty coverage file, the pseudo-region
     * {@code "unknown"} at 0,0 without coordinates (every node is then at unknown distance and capacity
     * and rendezvous decide). {@code matchedPrefix} is null.
     */
    public Location fallback() {
        return fallback;
    }

    /** The client's location: longest coverage prefix, else {@link #fallback()}. */
    public Location locate(InetAddress client) {
        int i = coverage.indexOf(Objects.requireNonNull(client, "client"));
        return i >= 0 ? coverage.entry(i) : fallback;
    }

    /**
     * All eligible nodes ranked for a client at {@code client} (see the class Javadoc), best first;
     * empty when {@code hostname} was not given to the last update.
     *
     * @param objectKey null to rank by hostname alone (what DNS does), else e.g. the request path
     */
    public List<RankedNode> rank(String hostname, Location client, String objectKey) {
        Objects.requireNonNull(client, "client");
        String host = normalizeHost(hostname);
        if (!hostnames.contains(host)) {
            return List.of();
        }
        long keyState = Rendezvous.keyState(objectKey == null ? host : host + "\n" + objectKey);
        boolean clientCoords = hasCoordinates(client);
        List<Scored> scored = new ArrayList<>(nodes.size());
        for (Placed p : nodes) {
            double km;
            if (p.region.equals(client.region())) {
                km = 0;
            } else if (clientCoords && p.location != null) {
                km = Geo.haversineKm(client.lat(), client.lon(), p.location.lat(), p.location.lon());
            } else {
                km = Steering.UNKNOWN_DISTANCE_KM;
            }
            scored.add(new Scored(p, km, Rendezvous.finish(keyState, p.node.id())));
        }
        scored.sort(ORDER);
        List<RankedNode> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            out.add(new RankedNode(s.placed.node, i + 1, s.km, s.placed.spareRatio, s.hrw, why(s, client)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The resolved region of an eligible node, or empty if the node is not eligible. */
    public Optional<String> regionOf(String nodeId) {
        for (Placed p : nodes) {
            if (p.node.id().equals(nodeId)) {
                return Optional.of(p.region);
            }
        }
        return Optional.empty();
    }

    boolean hasCoordinates(Location l) {
        return l.matchedPrefix() != null || coverage.region(l.region()).isPresent();
    }

    static String normalizeHost(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        String h = hostname.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String why(Scored s, Location client) {
        String where = s.placed.region.equals(client.region())
                ? "region " + s.placed.region + " (same as client)"
                : "region " + s.placed.region + " (client in " + client.region() + ")";
        String km = s.km >= Steering.UNKNOWN_DISTANCE_KM ? "distance unknown" : Math.round(s.km) + " km";
        return where + ", " + km + ", spare " + Math.round(s.placed.spareRatio * 100) + "%, hrw 0x"
                + String.format(Locale.ROOT, "%016x", s.hrw);
    }

    private static Location computeFallback(Coverage coverage, List<Placed> nodes) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String r : coverage.regions()) {
            counts.put(r, 0);
        }
        for (Placed p : nodes) {
            counts.computeIfPresent(p.region, (k, v) -> v + 1);
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        if (best == null && !counts.isEmpty()) {
            best = counts.keySet().iterator().next();
        }
        if (best == null) {
            return new Location("unknown", 0, 0, null);
        }
        return coverage.region(best).orElseThrow();
    }

    private static final Comparator<Scored> ORDER = Comparator
            .comparingDouble((Scored s) -> s.km)
            .thenComparing(Comparator.comparingInt((Scored s) -> s.placed.spareBand).reversed())
            .thenComparing((a, b) -> Long.compareUnsigned(b.hrw, a.hrw))
            .thenComparing(s -> s.placed.node.id());

    /** An eligible node with its resolved region and capacity figures. */
    static final class Placed {
        final NodeView node;
        final String region;
        final Location location;    // region's coordinates, null when unknown
        final double spareRatio;
        final int spareBand;
        final InetAddress v4;       // first IPv4 address or null
        final InetAddress v6;       // first IPv6 address or null

        Placed(NodeView node, String region, Location location) {
            this.node = node;
            this.region = region;
            this.location = location;
            double ratio = node.maxBandwidthBps() > 0
                    ? (double) node.spareBandwidthBps() / node.maxBandwidthBps()
                    : 1 - node.load();
            this.spareRatio = Math.max(0, Math.min(1, ratio));
            this.spareBand = Math.min(3, (int) Math.floor(spareRatio * 4));
            InetAddress a4 = null;
            InetAddress a6 = null;
            for (InetAddress a : node.addresses()) {
                if (a instanceof Inet4Address && a4 == null) {
                    a4 = a;
                } else if (a instanceof Inet6Address && a6 == null) {
                    a6 = a;
                }
            }
            this.v4 = a4;
            this.v6 = a6;
        }
    }

    private static final class Scored {
        final Placed placed;
        final double km;
        final long hrw;

        Scored(Placed placed, double km, long hrw) {
            this.placed = placed;
            this.km = km;
            this.hrw = hrw;
        }
    }
}
