package dev.edgeweave.proof.verify;

/** Machine-readable reasons for refusing a receipt, a claim or an audit response. */
public enum RejectCode {
    /** The bytes do not decode (wrong type, version, length, trailing bytes, order, totals). */
    MALFORMED,
    /** The claim's node signature does not verify. */
    BAD_NODE_SIGNATURE,
    /** The structure names another node than the one that sent it or is being audited. */
    WRONG_NODE,
    /** The claim's epoch has not ended yet (receipts may still arrive). */
    EPOCH_NOT_ENDED,
    /** The epoch is closed: too late for this receipt or claim. */
    EPOCH_CLOSED,
    /** A receipt's epoch differs from its claim's, or its timestamp lies outside its epoch. */
    WRONG_EPOCH,
    /** The token's publisher signature does not verify. */
    BAD_TOKEN_SIGNATURE,
    /** The token's publisher is not registered. */
    UNKNOWN_PUBLISHER,
    /** The receipt's viewer signature does not verify with the token's viewer key. */
    BAD_VIEWER_SIGNATURE,
    /** The receipt names another token than the one supplied with it. */
    TOKEN_MISMATCH,
    /** The token had expired. */
    TOKEN_EXPIRED,
    /** The token was not yet valid. */
    TOKEN_NOT_YET_VALID,
    /** The Merkle path does not lead from the receipt to the claim's root. */
    BAD_MERKLE_PATH,
    /** The claim's entry for a leaf does not match the receipt and token behind it. */
    LEAF_MISMATCH,
    /** More bytes than the token's cap allows (alone, or with what other nodes already claimed). */
    OVER_CAP,
    /** A receipt's serial is lower than one already accepted for the same (token, epoch). */
    SERIAL_NOT_MONOTONIC,
    /** The same serial was already accepted for this (token, epoch): a replay or a retry. */
    REPLAYED,
    /** A receipt's cumulative bytes are lower than an earlier receipt's for the same (token, epoch). */
    BYTES_DECREASED,
    /** A receipt states more bytes than the node served under the token. */
    OVER_SERVED,
    /** The audit response does not answer the challenge (missing, extra or reordered items). */
    AUDIT_INCOMPLETE,
    /** The challenge or response refers to another claim, or its indexes are not the ones drawn. */
    WRONG_CHALLENGE
}
