package dev.edgeweave.loadtest.viewer;

import java.util.Arrays;

/**
 * Zipf popularity over {@code n} streams: stream {@code k} (0-based) is chosen with probability
 * proportional to {@code 1 / (k + 1)^s}. A pure function of a uniform number in [0, 1), so a seeded
 * random source gives the same crowd every run.
 */
final class Zipf {

    private final double[] cdf;

    /**
     * @param n number of streams, {@code >= 1}
     * @param s exponent, {@code >= 0} (0: uniform; 1: classic Zipf)
     */
    Zipf(int n, double s) {
        if (n < 1) {
            throw new IllegalArgumentException("streams: " + n + " (expected: >= 1)");
        }
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("zipf: " + s + " (expected: >= 0)");
        }
        cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
    }

    /** The stream for a uniform {@code u} in [0, 1). */
    int sample(double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u: " + u + " (expected: in [0, 1))");
        }
        int i = Arrays.binarySearch(cdf, u);
        int k = i >= 0 ? i + 1 : -i - 1;
        return Math.min(k, cdf.length - 1);
    }

    /** Probability of stream {@code k}. */
    double probability(int k) {
        return k == 0 ? cdf[0] : cdf[k] - cdf[k - 1];
    }
}
