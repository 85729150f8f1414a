package dev.edgeweave.tracker.steer;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A node as steering sees it, built by the registry from heartbeats and health probes.
 *
 * @param id                 stable node id (non-blank)
 * @param region             region name, or {@code null}/blank to derive it from the coverage file
 *                           (the longest prefix that matches the node's first address)
 * @param addresses          public addresses viewers reach the node at (IPv4 and/or IPv6); DNS answers
 *                           carry the first address of the queried family
 * @param port               HTTP port of the node (1–65535)
 * @param maxBandwidthBps    capacity the node declared, bits per second ({@code >= 0}; 0 = unknown)
 * @param spareBandwidthBps  spare capacity from the latest heartbeat, bits per second ({@code >= 0})
 * @param load               fraction of capacity in use from the latest heartbeat ({@code >= 0});
 *                           used for the spare ratio only when {@code maxBandwidthBps} is 0
 * @param healthy            false once the node missed heartbeats or failed health probes
 * @param draining           true while the operator drains the node; draining nodes get no new viewers
 */
public record NodeView(String id, String region, List<InetAddress> addresses, int port,
                       long maxBandwidthBps, long spareBandwidthBps, double load, boolean healthy,
                       boolean draining) {

    /** Validates every field; messages name the field, the value and what was expected. */
    public NodeView {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id: '" + id + "' (expected: a non-blank node id)");
        }
        Objects.requireNonNull(addresses, "addresses");
        addresses = List.copyOf(addresses);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535) for node " + id);
        }
        if (maxBandwidthBps < 0) {
            throw new IllegalArgumentException(
                    "maxBandwidthBps: " + maxBandwidthBps + " (expected: >= 0) for node " + id);
        }
        if (spareBandwidthBps < 0) {
            throw new IllegalArgumentException(
                    "spareBandwidthBps: " + spareBandwidthBps + " (expected: >= 0) for node " + id);
        }
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load: " + load + " (expected: a finite value >= 0) for node " + id);
        }
        if (region != null && region.isBlank()) {
            region = null;
        }
    }
}
