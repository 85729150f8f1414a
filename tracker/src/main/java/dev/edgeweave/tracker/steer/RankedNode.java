package dev.edgeweave.tracker.steer;

/**
 * One node in a steering answer with the reasons for its place.
 *
 * @param node       the node
 * @param rank       1-based position (1 = best)
 * @param distanceKm great-circle distance from the client's location to the node's region, km
 *                   ({@link Steering#UNKNOWN_DISTANCE_KM} when either location is unknown)
 * @param spareRatio spare capacity over maximum capacity, 0..1
 * @param rendezvous the rendezvous (HRW) weight of this node for the answer's key; higher ranks first
 * @param why        human-readable reasons, e.g.
 *                   {@code "region r0 (same as client), 0 km, spare 80%, hrw 0x1a2b3c4d5e6f7081"}
 */
public record RankedNode(NodeView node, int rank, double distanceKm, double spareRatio, long rendezvous,
                         String why) {
}
