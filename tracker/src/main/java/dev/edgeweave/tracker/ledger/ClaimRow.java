package dev.edgeweave.tracker.ledger;

/**
 * A claim as the ledger holds it (without the encoded claim bytes; see {@link Ledger#claimBytes}).
 *
 * @param node           node id, 64 lowercase hex digits
 * @param epoch          the claimed epoch
 * @param digest         SHA-256 of the encoded signed claim, hex
 * @param leafCount      leaves (viewer sessions) in the claim
 * @param claimedBytes   the claim's total bytes
 * @param receivedAt     tracker clock when it was recorded (unix ms); claims of an epoch are credited in this order
 * @param beacon         the audit beacon (32 bytes) drawn after the claim was recorded, or null if not drawn yet
 * @param auditSamples   k, the number of leaves the audit opens (at most the leaf count)
 * @param auditDeadline  tracker clock by which the audit must be answered
 * @param status         where the claim stands
 * @param reasonCode     why it was voided (a {@code RejectCode} name or {@code AUDIT_MISSING}), else null
 * @param reason         the reason in words, else null
 * @param finishedAt     when the audit passed or the claim was voided, else null
 * @param verifiedBytes  bytes credited at settlement (claimed bytes minus over-cap bytes; 0 if voided), else null
 * @param overCapEntries entries over their token's cap across all nodes at settlement, else null
 * @param overCapBytes   bytes not credited because of caps, else null
 * @param reward         reward units paid at settlement, else null
 */
public record ClaimRow(String node, long epoch, String digest, int leafCount, long claimedBytes, long receivedAt,
                       byte[] beacon, int auditSamples, long auditDeadline, ClaimStatus status, String reasonCode,
                       String reason, Long finishedAt, Long verifiedBytes, Long overCapEntries, Long overCapBytes,
                       Long reward) {

    /** Whether the epoch this claim belongs to has been settled (rewards computed). */
    public boolean settled() {
        return reward != null;
    }
}
