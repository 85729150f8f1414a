package dev.edgeweave.tracker.store;

/**
 * The last heartbeat a node sent, as stored.
 *
 * @param ts          the node's own timestamp (unix millis) from the signed body
 * @param receivedAt  tracker clock (unix millis) when it was accepted
 * @param load        0.0–1.0
 * @param spareMbps   spare capacity the node declares
 * @param maxMbps     the node's declared ceiling
 * @param cacheBytes  bytes held in its cache
 * @param connections open viewer connections
 * @param version     the node's software version (may be empty)
 */
public record Heartbeat(long ts, long receivedAt, double load, long spareMbps, long maxMbps, long cacheBytes,
                        long connections, String version) {
}
