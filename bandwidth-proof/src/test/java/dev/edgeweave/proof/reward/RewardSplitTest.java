package dev.edgeweave.proof.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RewardSplitTest {

    /** Node ids ascending: node(0) < node(1) < ... as unsigned bytes. */
    private static Ed25519PublicKey node(int i) {
        byte[] b = new byte[32];
        b[0] = (byte) i;
        return Ed25519PublicKey.of(b);
    }

    private static Map<Ed25519PublicKey, Long> bytes(long... v) {
        Map<Ed25519PublicKey, Long> m = new HashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put(node(i), v[i]);
        }
        return m;
    }

    private static List<Long> payouts(RewardSplit.Result r) {
        return new ArrayList<>(r.payouts().values());
    }

    @ParameterizedTest(name = "pool {0} over {1}")
    @CsvSource(delimiter = '|', value = {
        "100 | 1,1,1     | 34,33,33",     // remainders tie: lowest node id first
        "100 | 1,1,1,1   | 25,25,25,25",
        "10  | 3,3,4     | 3,3,4",
        "1   | 1,1       | 1,0",
        "0   | 5,7       | 0,0",
        "7   | 0,1       | 0,7",
        "11  | 1,2,3     | 2,4,5",        // 1.83,3.67,5.5: floors 1,3,5 + 2 left by remainders 0.83,0.67
        "1000000007 | 9223372036854775807,9223372036854775807,1 | 500000004,500000003,0",
        "9223372036854775807 | 2,1 | 6148914691236517205,3074457345618258602",
    })
    void splits_exactly_by_largest_remainder(long pool, String weights, String expected) {
        long[] w = java.util.Arrays.stream(weights.split(",")).mapToLong(s -> Long.parseLong(s.strip())).toArray();
        RewardSplit.Result r = RewardSplit.split(pool, bytes(w));
        List<Long> want = java.util.Arrays.stream(expected.split(",")).map(s -> Long.parseLong(s.strip())).toList();
        assertThat(payouts(r)).isEqualTo(want);
        assertThat(payouts(r).stream().mapToLong(Long::longValue).sum()).isEqualTo(pool);
        assertThat(r.undistributed()).isZero();
    }

    @Test
    void multipliers_weight_bytes() {
        RewardSplit.Result r = RewardSplit.split(90, bytes(100, 100), Map.of(node(1), 2L));
        assertThat(payouts(r)).containsExactly(30L, 60L);
        RewardSplit.Result zero = RewardSplit.split(90, bytes(100, 100), Map.of(node(0), 0L));
        assertThat(payouts(zero)).containsExactly(0L, 90L);
    }

    @Test
    void nothing_verified_pays_nothing_and_keeps_the_pool() {
        RewardSplit.Result r = RewardSplit.split(500, bytes(0, 0));
        assertThat(payouts(r)).containsExactly(0L, 0L);
        assertThat(r.undistributed()).isEqualTo(500);
        assertThat(RewardSplit.split(500, Map.of()).undistributed()).isEqualTo(500);
    }

    @Test
    void refuses_negative_inputs_by_name() {
        assertThatThrownBy(() -> RewardSplit.split(-1, bytes(1))).hasMessage("pool: -1 (expected: >= 0)");
        assertThatThrownBy(() -> RewardSplit.split(1, bytes(-5))).hasMessageContaining("]: -5 (expected: >= 0)");
        assertThatThrownBy(() -> RewardSplit.split(1, bytes(5), Map.of(node(0), -2L)))
                .hasMessageContaining("multipliers[");
    }

    /**
     * Seeded random cases: the payouts always sum to the pool, each payout is within one unit of
     * its exact share, and the result does not depend on the input map's order.
     */
    @Test
    void random_cases_add_up_exactly_and_stay_within_one_unit() {
        SplittableRandom random = new SplittableRandom(20240607);
        for (int t = 0; t < 2000; t++) {
            int n = 1 + random.nextInt(12);
            long pool = random.nextBoolean() ? random.nextLong(1_000) : random.nextLong(Long.MAX_VALUE);
            Map<Ed25519PublicKey, Long> b = new HashMap<>();
            Map<Ed25519PublicKey, Long> m = new HashMap<>();
            for (int i = 0; i < n; i++) {
                Ed25519PublicKey k = Ed25519KeyPair.fromSeed(seed(t, i)).publicKey();
                b.put(k, random.nextInt(4) == 0 ? 0 : random.nextLong(random.nextBoolean() ? 100 : Long.MAX_VALUE));
                if (random.nextBoolean()) {
                    m.put(k, (long) random.nextInt(5));
                }
            }
            RewardSplit.Result r = RewardSplit.split(pool, b, m);
            BigInteger total = BigInteger.ZERO;
            for (Ed25519PublicKey k : b.keySet()) {
                total = total.add(BigInteger.valueOf(b.get(k)).multiply(BigInteger.valueOf(m.getOrDefault(k, 1L))));
            }
            long sum = r.payouts().values().stream().mapToLong(Long::longValue).sum();
            if (total.signum() == 0) {
                assertThat(sum).isZero();
                assertThat(r.undistributed()).isEqualTo(pool);
                continue;
            }
            assertThat(sum).as("case %d", t).isEqualTo(pool);
            for (Ed25519PublicKey k : b.keySet()) {
                BigInteger w = BigInteger.valueOf(b.get(k)).multiply(BigInteger.valueOf(m.getOrDefault(k, 1L)));
                BigInteger floor = BigInteger.valueOf(pool).multiply(w).divide(total);
                long got = r.payouts().get(k);
                assertThat(BigInteger.valueOf(got).subtract(floor).longValueExact()).as("case %d", t).isBetween(0L, 1L);
            }
            assertThat(RewardSplit.split(pool, new java.util.TreeMap<>(b), m)).isEqualTo(r);
        }
    }

    private static byte[] seed(int t, int i) {
        byte[] s = new byte[32];
        s[0] = (byte) t;
        s[1] = (byte) (t >> 8);
        s[2] = (byte) i;
        return s;
    }
}
