package dev.edgeweave.proof.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.crypto.Sha256;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditChallengeTest {

    /** Exact hypergeometric values computed independently (Python, math.comb). */
    @ParameterizedTest(name = "n={0} fake={1} k={2}")
    @CsvSource({
        "100, 10, 10, 0.6695237889132748",
        "100, 1, 1, 0.01",
        "100, 0, 30, 0.0",
        "100, 100, 1, 1.0",
        "1000, 50, 30, 0.7903186819484658",
        "1000, 100, 30, 0.9596504975618985",
        "1000, 200, 30, 0.9988923608343807",
        "10, 3, 10, 1.0",
        "10, 3, 11, 1.0",
        "1000000, 50000, 30, 0.7853661501980131",
        "20, 1, 5, 0.25",
    })
    void catch_probability_is_the_exact_hypergeometric_value(int n, int fake, int k, double expected) {
        assertThat(AuditChallenge.catchProbability(n, fake, k)).isCloseTo(expected, within(1e-9));
        double f = (double) fake / n;
        assertThat(AuditChallenge.catchProbability(n, fake, k))
                .isGreaterThanOrEqualTo(AuditChallenge.catchProbabilityWithReplacement(f, k) - 1e-12);
    }

    @Test
    void with_replacement_bound_matches_the_documented_figures() {
        assertThat(AuditChallenge.catchProbabilityWithReplacement(0.05, 30)).isCloseTo(0.785, within(0.001));
        assertThat(AuditChallenge.catchProbabilityWithReplacement(0.10, 30)).isCloseTo(0.958, within(0.001));
        assertThat(AuditChallenge.catchProbabilityWithReplacement(0.20, 30)).isCloseTo(0.999, within(0.001));
    }

    @Test
    void draw_is_deterministic_distinct_ascending_and_in_range() {
        for (int n : new int[] {1, 2, 3, 7, 100, 1_000_003, Integer.MAX_VALUE}) {
            for (int k : new int[] {1, 5, 30, 200}) {
                byte[] digest = Sha256.hash(new byte[] {(byte) n, (byte) k});
                int[] a = AuditChallenge.draw(digest, Fixtures.fill(0xbb), k, n);
                assertThat(AuditChallenge.draw(digest, Fixtures.fill(0xbb), k, n)).isEqualTo(a);
                assertThat(a).hasSize(Math.min(k, n));
                assertThat(Arrays.stream(a).distinct().count()).isEqualTo(a.length);
                assertThat(a).isSorted();
                assertThat(Arrays.stream(a).allMatch(i -> i >= 0 && i < n)).isTrue();
            }
        }
    }

    @Test
    void another_beacon_or_claim_draws_other_indexes() {
        byte[] d = Sha256.hash(new byte[] {1});
        int[] a = AuditChallenge.draw(d, Fixtures.fill(1), 30, 1_000_000);
        assertThat(AuditChallenge.draw(d, Fixtures.fill(2), 30, 1_000_000)).isNotEqualTo(a);
        assertThat(AuditChallenge.draw(Sha256.hash(new byte[] {2}), Fixtures.fill(1), 30, 1_000_000)).isNotEqualTo(a);
    }

    @Test
    void draw_is_close_to_uniform() {
        int n = 10;
        int[] hits = new int[n];
        for (int t = 0; t < 2000; t++) {
            for (int i : AuditChallenge.draw(Sha256.hash(new byte[] {(byte) t, (byte) (t >> 8)}), Fixtures.fill(3), 1, n)) {
                hits[i]++;
            }
        }
        // Expected 200 each; 5 sigma (about 67) is far beyond chance for a fixed, seeded input.
        for (int h : hits) {
            assertThat(h).isBetween(133, 267);
        }
    }

    @Test
    void round_trips_and_refuses_bad_challenges() throws Exception {
        byte[] d = Sha256.hash(new byte[] {9});
        AuditChallenge c = new AuditChallenge(Fixtures.NODE.publicKey(), 5, d, Fixtures.fill(7), 50,
                AuditChallenge.draw(d, Fixtures.fill(7), 4, 50));
        assertThat(AuditChallenge.decode(c.encode())).isEqualTo(c);
        byte[] bad = c.encode();
        bad[bad.length - 1] = (byte) 200; // last index beyond leafCount 50
        assertThatThrownBy(() -> AuditChallenge.decode(bad)).hasMessageContaining("auditChallenge.indexes[3]: 200");
        assertThatThrownBy(() -> new AuditChallenge(Fixtures.NODE.publicKey(), 5, d, Fixtures.fill(7), 50,
                new int[] {3, 3})).hasMessage("indexes[1]: 3 (expected: > 3; strictly ascending)");
        assertThatThrownBy(() -> AuditChallenge.draw(d, new byte[31], 1, 1)).hasMessage("beacon: 31 bytes (expected: 32)");
        assertThatThrownBy(() -> AuditChallenge.draw(d, Fixtures.fill(1), 0, 1)).hasMessageStartingWith("k: 0");
    }
}
