package dev.edgeweave.tracker.ledger;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.reward.RewardSplit;
import dev.edgeweave.proof.verify.CapLedger;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.TokenId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One epoch's rewards, as a pure function of its accepted claims: each token is held to its byte cap
 * across all nodes and epochs ({@link CapLedger}, claims credited in the order they were recorded,
 * after every earlier epoch), then the pool is split over the verified bytes ({@link RewardSplit},
 * exact: the payouts add up to the pool). Anyone with the same inputs computes the same result.
 */
public final class Settlement {

    private Settlement() {}

    /**
     * One node's outcome.
     *
     * @param node           the node
     * @param claimedBytes   what its claim stated
     * @param verifiedBytes  what was credited (claimed minus over-cap bytes)
     * @param overCapEntries entries that went over their token's cap
     * @param overCapBytes   bytes not credited because of caps
     * @param reward         units paid
     */
    public record NodeResult(Ed25519PublicKey node, long claimedBytes, long verifiedBytes, long overCapEntries,
                             long overCapBytes, long reward) {
    }

    /**
     * The settlement.
     *
     * @param pool          units to split
     * @param verifiedBytes verified bytes over all nodes
     * @param undistributed units not paid (the whole pool if nothing was verified, else 0)
     * @param nodes         per node, in the order the claims were given
     * @param credits       the new credited total of every token these claims touched
     */
    public record Result(long pool, long verifiedBytes, long undistributed, List<NodeResult> nodes,
                         Map<TokenId, Long> credits) {
        public Result {
            nodes = List.copyOf(nodes);
            credits = Map.copyOf(credits);
        }

        /** Units paid to nodes. */
        public long paid() {
            return pool - undistributed;
        }
    }

    /**
     * Settles one epoch.
     *
     * @param pool            units to split, {@code >= 0}
     * @param acceptedInOrder the epoch's claims whose audit passed, one per node, in the order they were recorded
     * @param creditedBefore  bytes already credited to a token by earlier epochs (0 if never seen)
     * @param knownCaps       caps learned from publisher-signed tokens seen in audits
     * @throws IllegalArgumentException if a node appears twice or the pool is negative
     */
    public static Result compute(long pool, List<Claim> acceptedInOrder, ToLongFunction<TokenId> creditedBefore,
                                 Function<TokenId, OptionalLong> knownCaps) {
        if (pool < 0) {
            throw new IllegalArgumentException("pool: " + pool + " (expected: >= 0)");
        }
        Objects.requireNonNull(creditedBefore, "creditedBefore");
        Objects.requireNonNull(knownCaps, "knownCaps");
        Map<TokenId, Long> credits = new HashMap<>();
        ToLongFunction<TokenId> soFar = id -> {
            Long c = credits.get(id);
            return c != null ? c : creditedBefore.applyAsLong(id);
        };
        Map<Ed25519PublicKey, Long> verified = new LinkedHashMap<>();
        List<long[]> perNode = new ArrayList<>();
        Set<Ed25519PublicKey> seen = new HashSet<>();
        for (Claim claim : acceptedInOrder) {
            if (!seen.add(claim.node())) {
                throw new IllegalArgumentException("acceptedInOrder: node " + claim.node().hex()
                        + " has two claims (expected: one per node and epoch)");
            }
            CapLedger.Result caps = CapLedger.check(claim, soFar, knownCaps);
            Map<Integer, CapLedger.Excess> over = new HashMap<>();
            long overBytes = 0;
            for (CapLedger.Excess e : caps.excesses()) {
                over.put(e.index(), e);
                overBytes += e.excess();
            }
            for (int i = 0; i < claim.leafCount(); i++) {
                TokenId id = claim.tokenIdAt(i);
                CapLedger.Excess e = over.get(i);
                long allowed = e == null ? claim.bytesAt(i) : e.allowed();
                credits.put(id, soFar.applyAsLong(id) + allowed);
            }
            verified.put(claim.node(), caps.allowedBytes());
            perNode.add(new long[] {claim.totalBytes(), caps.allowedBytes(), caps.excesses().size(), overBytes});
        }
        RewardSplit.Result split = RewardSplit.split(pool, verified);
        List<NodeResult> nodes = new ArrayList<>();
        long total = 0;
        int i = 0;
        for (Ed25519PublicKey node : verified.keySet()) {
            long[] n = perNode.get(i++);
            total += n[1];
            nodes.add(new NodeResult(node, n[0], n[1], n[2], n[3], split.payouts().getOrDefault(node, 0L)));
        }
        return new Result(pool, total, split.undistributed(), nodes, credits);
    }
}
