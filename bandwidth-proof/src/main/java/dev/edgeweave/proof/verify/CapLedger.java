package dev.edgeweave.proof.verify;

import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.TokenId;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Holds each token to its byte cap across all nodes and epochs. Pure: the tracker passes what it
 * has already accepted per token (from every node's earlier claims) and gets back, for a new
 * claim, which entries go over and how many bytes of each may still be credited.
 *
 * <p>The cap used is the smaller of the entry's declared cap and the cap known from a verified
 * token (audits reveal the publisher-signed token, so the tracker can remember true caps); a node
 * that overstates a cap in an unaudited entry is caught when that leaf is sampled
 * ({@code LEAF_MISMATCH}).
 */
public final class CapLedger {

    private CapLedger() {}

    /**
     * One entry that goes over its token's cap.
     *
     * @param index the entry's index in the claim
     * @param tokenId the token
     * @param alreadyAccepted bytes already accepted for the token before this claim
     * @param claimed bytes this entry claims
     * @param byteCap the cap applied
     * @param allowed bytes of this entry that fit under the cap ({@code claimed} minus the excess)
     */
    public record Excess(int index, TokenId tokenId, long alreadyAccepted, long claimed, long byteCap, long allowed) {
        /** Bytes over the cap. */
        public long excess() {
            return claimed - allowed;
        }
    }

    /**
     * The result of a check.
     *
     * @param excesses the entries over cap, ascending by index
     * @param allowedBytes the claim's total bytes minus every excess
     */
    public record Result(List<Excess> excesses, long allowedBytes) {
        /** Validates and copies. */
        public Result {
            excesses = List.copyOf(excesses);
        }

        /** Whether every entry fits its cap. */
        public boolean withinCaps() {
            return excesses.isEmpty();
        }
    }

    /** {@link #check(Claim, ToLongFunction, Function)} with no caps known beyond the entries'. */
    public static Result check(Claim claim, ToLongFunction<TokenId> acceptedSoFar) {
        return check(claim, acceptedSoFar, id -> OptionalLong.empty());
    }

    /**
     * Which entries of {@code claim} exceed their token's cap, given the bytes already accepted
     * per token ({@code acceptedSoFar}, 0 for an unseen token) and caps learned from verified
     * tokens ({@code knownCaps}).
     */
    public static Result check(Claim claim, ToLongFunction<TokenId> acceptedSoFar,
                               Function<TokenId, OptionalLong> knownCaps) {
        List<Excess> excesses = new ArrayList<>();
        long allowedTotal = 0;
        for (int i = 0; i < claim.leafCount(); i++) {
            TokenId id = claim.tokenIdAt(i);
            long claimed = claim.bytesAt(i);
            long cap = claim.byteCapAt(i);
            OptionalLong known = knownCaps.apply(id);
            if (known.isPresent()) {
                cap = Math.min(cap, known.getAsLong());
            }
            long before = acceptedSoFar.applyAsLong(id);
            if (before < 0) {
                throw new IllegalArgumentException("acceptedSoFar(" + id + "): " + before + " (expected: >= 0)");
            }
            long room = Math.max(0, cap - before);
            long allowed = Math.min(claimed, room);
            if (allowed < claimed) {
                excesses.add(new Excess(i, id, before, claimed, cap, allowed));
            }
            allowedTotal += allowed;
        }
        return new Result(excesses, allowedTotal);
    }
}
