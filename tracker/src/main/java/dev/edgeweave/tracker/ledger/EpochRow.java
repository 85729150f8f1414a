package dev.edgeweave.tracker.ledger;

/**
 * One settled epoch.
 *
 * @param epoch         the epoch
 * @param pool          reward units the epoch had to give
 * @param verifiedBytes verified bytes of all accepted claims (after caps)
 * @param paid          units paid to nodes (equals {@code pool} unless no bytes were verified)
 * @param undistributed units not paid ({@code pool - paid})
 * @param settledAt     tracker clock of the settlement
 */
public record EpochRow(long epoch, long pool, long verifiedBytes, long paid, long undistributed, long settledAt) {
}
