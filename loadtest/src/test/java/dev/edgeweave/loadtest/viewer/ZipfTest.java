package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfTest {

    @ParameterizedTest
    @CsvSource({
        // n, s, k, probability of stream k
        "1, 1.0, 0, 1.0",
        "4, 0.0, 0, 0.25",
        "4, 0.0, 3, 0.25",
        "3, 1.0, 0, 0.5454545454",   // 1 / (1 + 1/2 + 1/3)
        "3, 1.0, 2, 0.1818181818",
        "2, 2.0, 1, 0.2",            // (1/4) / (1 + 1/4)
    })
    void stream_k_is_chosen_in_proportion_to_one_over_k_plus_one_to_the_s(int n, double s, int k, double p) {
        assertThat(new Zipf(n, s).probability(k)).isCloseTo(p, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({
        "0.0, 0",
        "0.5454, 0",
        "0.5455, 1",
        "0.8181, 1",
        "0.8182, 2",
        "0.9999999, 2",
    })
    void sample_maps_a_uniform_number_onto_the_cumulative_distribution(double u, int k) {
        assertThat(new Zipf(3, 1.0).sample(u)).isEqualTo(k);
    }

    @Test
    void a_seeded_crowd_prefers_the_first_streams_in_rank_order() {
        Zipf z = new Zipf(10, 1.0);
        SplittableRandom r = new SplittableRandom(42);
        int[] counts = new int[10];
        for (int i = 0; i < 100_000; i++) {
            counts[z.sample(r.nextDouble())]++;
        }
        for (int k = 1; k < 10; k++) {
            assertThat(counts[k - 1]).as("stream %d vs %d", k - 1, k).isGreaterThan(counts[k]);
        }
        assertThat(counts[0] / 100_000.0).isCloseTo(z.probability(0), within(0.01));
    }

    @Test
    void refuses_bad_parameters_naming_them() {
        assertThatThrownBy(() -> new Zipf(0, 1)).hasMessage("streams: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new Zipf(3, -0.5)).hasMessage("zipf: -0.5 (expected: >= 0)");
        assertThatThrownBy(() -> new Zipf(3, 1).sample(1.0)).hasMessage("u: 1.0 (expected: in [0, 1))");
    }
}
