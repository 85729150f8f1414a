package dev.edgeweave.tracker.claims;

import java.util.List;

/** The JSON documents of the claims and rewards endpoints (docs/api.md, "Claims, audits and rewards"). */
public final class Views {

    private Views() {}

    /** Why a claim was voided (or why bytes were not credited). */
    public record Reason(String code, String message) {}

    /** Bytes of an accepted claim that were not credited because their tokens' caps were reached. */
    public record OverCap(long entries, long bytes) {}

    /**
     * A claim: {@code POST /v1/claims}, {@code POST /v1/claims/{node}/{epoch}/audit},
     * {@code GET /v1/claims/{node}/{epoch}}.
     */
    public record Claim(String node, long epoch, String claimDigest, String status, Reason reason, int leafCount,
                        long claimedBytes, Long verifiedBytes, Long reward, OverCap overCap, long receivedAt,
                        long auditDeadline, int auditSamples, String challenge, int[] indexes) {}

    /** One node's line in {@code GET /v1/epochs/{n}/rewards}. */
    public record NodeReward(String node, long claimedBytes, Long verifiedBytes, Long reward, String status,
                             Reason reason, OverCap overCap) {}

    /** {@code GET /v1/epochs/{n}/rewards}. */
    public record EpochRewards(long epoch, String status, long pool, Long paid, Long undistributed,
                               Long verifiedBytes, Long settledAt, long claimsOpenAt, long claimsCloseAt,
                               long settlesAt, List<NodeReward> nodes) {}

    /** One epoch in {@code GET /v1/nodes/{id}/earnings}. */
    public record EpochEarning(long epoch, long claimedBytes, Long verifiedBytes, Long reward, String status,
                               Reason reason, OverCap overCap) {}

    /** {@code GET /v1/nodes/{id}/earnings}. */
    public record Earnings(String node, long totalReward, long pendingClaims, List<EpochEarning> epochs) {}

    /** {@code GET /v1/epochs}: the schedule nodes follow. */
    public record Schedule(long genesisMillis, long epochMillis, long receiptGraceMillis, long claimWindowMillis,
                           long auditTimeoutMillis, int auditSamples, long poolPerEpoch, long now, long currentEpoch) {}
}
