package dev.edgeweave.proof.audit;

import dev.edgeweave.proof.merkle.MerkleProof;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.util.Objects;

/**
 * The node's answer for one challenged leaf: the signed receipt at that leaf, its token, and the
 * Merkle path from the leaf to the claim's root.
 *
 * @param index the leaf index
 * @param receipt the signed receipt (its encoded bytes are the leaf)
 * @param token the token the receipt counts against
 * @param proof the inclusion proof for {@code index}
 */
public record AuditItem(int index, SignedReceipt receipt, SignedToken token, MerkleProof proof) {

    /** Validates the fields. */
    public AuditItem {
        Objects.requireNonNull(receipt, "receipt");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(proof, "proof");
        if (proof.index() != index) {
            throw new IllegalArgumentException("proof.index: " + proof.index() + " (expected: " + index + ")");
        }
    }
}
