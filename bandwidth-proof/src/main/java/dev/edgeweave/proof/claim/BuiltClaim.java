package dev.edgeweave.proof.claim;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A claim the node built, with what it needs to answer audits: the Merkle tree and the receipts
 * in leaf order. Keep it until the epoch's audits are over.
 */
public final class BuiltClaim {

    private final SignedClaim claim;
    private final MerkleTree tree;
    private final List<SignedReceipt> leaves;

    BuiltClaim(SignedClaim claim, MerkleTree tree, List<SignedReceipt> leaves) {
        this.claim = claim;
        this.tree = tree;
        this.leaves = List.copyOf(leaves);
    }

    /** The signed claim to send to the tracker. */
    public SignedClaim signedClaim() {
        return claim;
    }

    /** The tree over the leaves. */
    public MerkleTree tree() {
        return tree;
    }

    /** The receipts in leaf order. */
    public List<SignedReceipt> leaves() {
        return leaves;
    }

    /**
     * Answers {@code challenge}.
     *
     * @param tokens the token of each receipt (e.g. {@code ReceiptStore::token})
     * @throws IllegalArgumentException if the challenge is about another claim or a token is unknown
     */
    public AuditResponse respond(AuditChallenge challenge, Function<TokenId, Optional<SignedToken>> tokens) {
        byte[] digest = claim.digest();
        if (!MessageDigest.isEqual(challenge.claimDigest(), digest)) {
            throw new IllegalArgumentException("challenge.claimDigest: not this claim's digest");
        }
        List<AuditItem> items = new ArrayList<>(challenge.sampleCount());
        for (int index : challenge.indexes()) {
            SignedReceipt r = leaves.get(index);
            TokenId id = r.receipt().tokenId();
            SignedToken t = tokens.apply(id)
                    .orElseThrow(() -> new IllegalArgumentException("tokens: no token " + id + " for leaf " + index));
            items.add(new AuditItem(index, r, t, tree.proof(index)));
        }
        return new AuditResponse(digest, leaves.size(), items);
    }
}
