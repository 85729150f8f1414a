package dev.edgeweave.proof.viewer;

/**
 * Viewer SDK options.
 *
 * @param countUnverified also count bytes that could not be verified (200 without
 *     {@code Repr-Digest}, 206 partial responses); default false: only verified bytes count
 * @param reportAfterEachFetch sign and post a receipt to the node right after each counted fetch;
 *     otherwise the caller calls {@link ViewerSession#reportReceipts()} when it likes
 * @param maxBodyBytes the largest body {@link ViewerSession#fetch} keeps in memory, {@code > 0}
 */
public record ViewerConfig(boolean countUnverified, boolean reportAfterEachFetch, int maxBodyBytes) {

    /** Validates the fields. */
    public ViewerConfig {
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: > 0)");
        }
    }

    /** Verified bytes only, report after each fetch, bodies up to 256 MiB. */
    public static ViewerConfig defaults() {
        return new ViewerConfig(false, true, 256 << 20);
    }
}
