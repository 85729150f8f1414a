package dev.edgeweave.proof.wire;

import java.util.Objects;

/**
 * One leaf's summary in a claim: the token, the cumulative bytes its latest receipt states, and
 * the token's byte cap as the node read it from the (publisher-signed) token. The tracker sums
 * {@code bytes} per token across all nodes to hold each token to its cap; audits check sampled
 * entries against the signed receipt and token.
 *
 * @param tokenId the receipt's token
 * @param bytes the receipt's cumulative bytes, {@code >= 0}
 * @param byteCap the token's byte cap, {@code > 0}
 */
public record ClaimEntry(TokenId tokenId, long bytes, long byteCap) {

    /** Encoded size: token id, bytes, cap. */
    public static final int LENGTH = TokenId.LENGTH + 8 + 8;

    /** Validates the fields. */
    public ClaimEntry {
        Objects.requireNonNull(tokenId, "tokenId");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        if (byteCap <= 0) {
            throw new IllegalArgumentException("byteCap: " + byteCap + " (expected: > 0)");
        }
    }
}
