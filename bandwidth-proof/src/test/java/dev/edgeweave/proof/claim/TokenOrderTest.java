package dev.edgeweave.proof.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.wire.TokenId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenOrderTest {

    /**
     * Random ids, ids sharing long prefixes (publishers choose ids, so adversarial prefixes are
     * possible), ids differing only in the top bit (unsigned order), and duplicates all sort
     * exactly as {@link TokenId#compareTo} orders them.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 1000, 50_000})
    void sorts_exactly_like_unsigned_byte_order(int n) {
        SplittableRandom random = new SplittableRandom(n);
        long[] hi = new long[n];
        long[] lo = new long[n];
        for (int i = 0; i < n; i++) {
            switch (i % 4) {
                case 0 -> { hi[i] = random.nextLong(); lo[i] = random.nextLong(); }
                case 1 -> { hi[i] = 0x7fff_0000_0000_0000L | random.nextInt(4); lo[i] = random.nextLong(); }
                case 2 -> { hi[i] = random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE; lo[i] = random.nextInt(3) - 1; }
                default -> { hi[i] = hi[Math.max(0, i - 3)]; lo[i] = lo[Math.max(0, i - 3)]; }
            }
        }
        int[] order = TokenOrder.sort(hi, lo);
        List<TokenId> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add(TokenId.of(ByteBuffer.allocate(16).putLong(hi[i]).putLong(lo[i]).array()));
        }
        List<TokenId> actual = new ArrayList<>();
        for (int i : order) {
            actual.add(expected.get(i));
        }
        expected.sort(null);
        assertThat(actual).isEqualTo(expected);
        assertThat(java.util.Arrays.stream(order).sorted().toArray())
                .isEqualTo(java.util.stream.IntStream.range(0, n).toArray());
    }
}
