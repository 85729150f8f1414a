package dev.edgeweave.tracker.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.TokenId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Settlement is a pure function: caps across nodes in arrival order, then an exact split. */
class SettlementTest {

    static final Ed25519PublicKey A = node(1);
    static final Ed25519PublicKey B = node(2);
    static final Ed25519PublicKey C = node(3);

    static Ed25519PublicKey node(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        return Ed25519KeyPair.fromSeed(s).publicKey();
    }

    static TokenId token(int i) {
        byte[] b = new byte[16];
        b[15] = (byte) i;
        return TokenId.of(b);
    }

    /** A claim of {@code node} with entries {token index, bytes, cap}... (sorted by token). */
    static Claim claim(Ed25519PublicKey node, long[]... entries) {
        List<ClaimEntry> list = new ArrayList<>();
        for (long[] e : entries) {
            list.add(new ClaimEntry(token((int) e[0]), e[1], e[2]));
        }
        list.sort(Comparator.comparing(ClaimEntry::tokenId));
        return Claim.of(node, 7, list, new byte[32]);
    }

    static Arguments row(String name, long pool, List<Claim> claims, Map<TokenId, Long> before,
                         Map<TokenId, Long> knownCaps, long[] verified, long[] rewards, long undistributed) {
        return Arguments.of(name, pool, claims, before, knownCaps, verified, rewards, undistributed);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                row("one node takes the pool", 1_000, List.of(claim(A, new long[] {1, 500, 10_000})), Map.of(),
                        Map.of(), new long[] {500}, new long[] {1_000}, 0),
                row("split by verified bytes", 90, List.of(claim(A, new long[] {1, 200, 1_000}),
                        claim(B, new long[] {2, 100, 1_000})), Map.of(), Map.of(), new long[] {200, 100},
                        new long[] {60, 30}, 0),
                row("a shared token is held to its cap in arrival order", 100, List.of(
                        claim(B, new long[] {1, 700, 1_000}), claim(A, new long[] {1, 600, 1_000})), Map.of(), Map.of(),
                        new long[] {700, 300}, new long[] {70, 30}, 0),
                row("earlier epochs' credits count against the cap", 10, List.of(claim(A, new long[] {1, 600, 1_000})),
                        Map.of(token(1), 900L), Map.of(), new long[] {100}, new long[] {10}, 0),
                row("a cap learned from a signed token beats the entry's", 10, List.of(
                        claim(A, new long[] {1, 600, 1_000_000})), Map.of(), Map.of(token(1), 250L), new long[] {250},
                        new long[] {10}, 0),
                row("nothing verified: the pool stays undistributed", 1_000, List.of(
                        claim(A, new long[] {1, 0, 1_000})), Map.of(), Map.of(), new long[] {0}, new long[] {0}, 1_000),
                row("largest remainder gets the leftover units", 100, List.of(claim(A, new long[] {1, 1, 10}),
                        claim(B, new long[] {2, 1, 10}), claim(C, new long[] {3, 1, 10})), Map.of(), Map.of(),
                        new long[] {1, 1, 1}, rewardsByIdOrder(100, 3), 0));
    }

    /** 100 over three equal weights: 33 each, the leftover unit to the lowest node id. */
    static long[] rewardsByIdOrder(long pool, int n) {
        List<Ed25519PublicKey> ids = new ArrayList<>(List.of(A, B, C));
        long[] out = new long[n];
        Ed25519PublicKey lowest = ids.stream().min(Comparator.naturalOrder()).orElseThrow();
        for (int i = 0; i < n; i++) {
            out[i] = pool / n + (ids.get(i).equals(lowest) ? 1 : 0);
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void settles(String name, long pool, List<Claim> claims, Map<TokenId, Long> before, Map<TokenId, Long> caps,
                 long[] verified, long[] rewards, long undistributed) {
        Settlement.Result r = Settlement.compute(pool, claims, id -> before.getOrDefault(id, 0L),
                id -> caps.containsKey(id) ? OptionalLong.of(caps.get(id)) : OptionalLong.empty());
        assertThat(r.nodes()).hasSize(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            assertThat(r.nodes().get(i).node()).isEqualTo(claims.get(i).node());
            assertThat(r.nodes().get(i).verifiedBytes()).as("verified[%d]", i).isEqualTo(verified[i]);
            assertThat(r.nodes().get(i).reward()).as("reward[%d]", i).isEqualTo(rewards[i]);
            assertThat(r.nodes().get(i).overCapBytes()).isEqualTo(claims.get(i).totalBytes() - verified[i]);
        }
        assertThat(r.undistributed()).isEqualTo(undistributed);
        assertThat(r.nodes().stream().mapToLong(Settlement.NodeResult::reward).sum() + r.undistributed())
                .isEqualTo(pool);
    }

    @Test
    void credits_of_touched_tokens_add_up_to_what_was_verified() {
        Settlement.Result r = Settlement.compute(100, List.of(claim(A, new long[] {1, 700, 1_000}, new long[] {2, 5, 9}),
                claim(B, new long[] {1, 600, 1_000})), id -> 0, id -> OptionalLong.empty());
        assertThat(r.credits()).containsEntry(token(1), 1_000L).containsEntry(token(2), 5L);
        assertThat(r.verifiedBytes()).isEqualTo(1_005);
    }

    @Test
    void payouts_always_sum_to_the_pool_when_any_byte_is_verified() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Claim> claims = new ArrayList<>();
            int nodes = 1 + random.nextInt(20);
            for (int n = 0; n < nodes; n++) {
                claims.add(claim(node(10 + n), new long[] {n, 1 + random.nextInt(1 << 30), 1L << 40}));
            }
            long pool = random.nextInt(10_000_000);
            Settlement.Result r = Settlement.compute(pool, claims, id -> 0, id -> OptionalLong.empty());
            assertThat(r.paid()).isEqualTo(pool);
            assertThat(r.nodes().stream().mapToLong(Settlement.NodeResult::reward).sum()).isEqualTo(pool);
        }
    }

    @Test
    void refuses_two_claims_of_one_node_and_a_negative_pool() {
        Claim a = claim(A, new long[] {1, 1, 10});
        assertThatThrownBy(() -> Settlement.compute(10, List.of(a, a), id -> 0, id -> OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has two claims");
        assertThatThrownBy(() -> Settlement.compute(-1, List.of(a), id -> 0, id -> OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool: -1 (expected: >= 0)");
    }
}
