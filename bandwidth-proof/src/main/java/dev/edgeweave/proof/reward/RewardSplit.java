package dev.edgeweave.proof.reward;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits one epoch's reward pool among nodes in proportion to their weighted verified bytes,
 * exactly, in integer units. Pure: anyone with the same inputs gets the same split.
 *
 * <p>Node {@code i}'s weight is {@code w_i = bytes_i * multiplier_i} (multiplier default 1) and
 * its exact share is {@code pool * w_i / W} with {@code W = sum w_i}. Each node first gets the
 * floor of its share; the {@code pool - sum floor} units left over go one each to the nodes
 * with the largest remainders {@code (pool * w_i) mod W}, ties broken by ascending node id
 * (unsigned bytes of the public key). The result sums to {@code pool} exactly. If no node has
 * weight, nothing is paid and {@link Result#undistributed()} is the whole pool.
 */
public final class RewardSplit {

    private RewardSplit() {}

    /**
     * The split.
     *
     * @param payouts units per node, every node of the input present (possibly 0), ordered by node id
     * @param undistributed units not paid (the whole pool when total weight is 0, else 0)
     */
    public record Result(SortedMap<Ed25519PublicKey, Long> payouts, long undistributed) {
        /** Copies. */
        public Result {
            payouts = Collections.unmodifiableSortedMap(new TreeMap<>(payouts));
        }
    }

    /** Splits {@code pool} by verified bytes with every multiplier 1. */
    public static Result split(long pool, Map<Ed25519PublicKey, Long> verifiedBytes) {
        return split(pool, verifiedBytes, Map.of());
    }

    /**
     * Splits {@code pool} by verified bytes times per-node integer multipliers.
     *
     * @param pool units to split, {@code >= 0}
     * @param verifiedBytes verified bytes per node, each {@code >= 0}
     * @param multipliers per-node weight multipliers, each {@code >= 0}; absent means 1
     * @throws IllegalArgumentException naming the bad input
     */
    public static Result split(long pool, Map<Ed25519PublicKey, Long> verifiedBytes,
                               Map<Ed25519PublicKey, Long> multipliers) {
        if (pool < 0) {
            throw new IllegalArgumentException("pool: " + pool + " (expected: >= 0)");
        }
        Objects.requireNonNull(verifiedBytes, "verifiedBytes");
        Objects.requireNonNull(multipliers, "multipliers");
        TreeMap<Ed25519PublicKey, BigInteger> weights = new TreeMap<>();
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<Ed25519PublicKey, Long> e : verifiedBytes.entrySet()) {
            Ed25519PublicKey node = Objects.requireNonNull(e.getKey(), "node id");
            long bytes = Objects.requireNonNull(e.getValue(), "bytes");
            if (bytes < 0) {
                throw new IllegalArgumentException("verifiedBytes[" + node.shortHex() + "]: " + bytes
                        + " (expected: >= 0)");
            }
            long m = multipliers.getOrDefault(node, 1L);
            if (m < 0) {
                throw new IllegalArgumentException("multipliers[" + node.shortHex() + "]: " + m + " (expected: >= 0)");
            }
            BigInteger w = BigInteger.valueOf(bytes).multiply(BigInteger.valueOf(m));
            weights.put(node, w);
            total = total.add(w);
        }
        Map<Ed25519PublicKey, Long> payouts = new LinkedHashMap<>();
        if (total.signum() == 0) {
            weights.keySet().forEach(n -> payouts.put(n, 0L));
            return new Result(new TreeMap<>(payouts), pool);
        }
        BigInteger bigPool = BigInteger.valueOf(pool);
        List<Remainder> remainders = new ArrayList<>(weights.size());
        long given = 0;
        for (Map.Entry<Ed25519PublicKey, BigInteger> e : weights.entrySet()) {
            BigInteger[] qr = bigPool.multiply(e.getValue()).divideAndRemainder(total);
            long floor = qr[0].longValueExact(); // <= pool, so it fits
            payouts.put(e.getKey(), floor);
            given += floor;
            remainders.add(new Remainder(e.getKey(), qr[1]));
        }
        long left = pool - given; // < number of nodes
        // Largest remainder first; ties by ascending node id (the TreeMap order, kept by a stable sort).
        remainders.sort((a, b) -> b.remainder.compareTo(a.remainder));
        for (int i = 0; i < left; i++) {
            Ed25519PublicKey node = remainders.get(i).node;
            payouts.merge(node, 1L, Long::sum);
        }
        return new Result(new TreeMap<>(payouts), 0);
    }

    private record Remainder(Ed25519PublicKey node, BigInteger remainder) {
    }
}
