package dev.edgeweave.proof.claim;

/**
 * Sorts 128-bit token ids (as unsigned {@code hi}, {@code lo} halves) by LSD radix sort, 16 bits
 * per pass. A comparison sort of a million receipt objects spends most of its time chasing
 * pointers (receipt, record, token id, array); this sorts flat primitive arrays in about a tenth
 * of the time, and its order is exactly the unsigned byte order of the 16-byte ids.
 */
final class TokenOrder {

    private static final int BITS = 16;
    private static final int BUCKETS = 1 << BITS;

    private TokenOrder() {}

    /** The permutation that sorts the ids ascending: {@code ids[order[0]] <= ids[order[1]] <= ...}. */
    static int[] sort(long[] hi, long[] lo) {
        int n = hi.length;
        long[] h = hi.clone();
        long[] l = lo.clone();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        long[] h2 = new long[n];
        long[] l2 = new long[n];
        int[] idx2 = new int[n];
        int[] count = new int[BUCKETS + 1];
        for (int pass = 0; pass < 8; pass++) {
            long[] key = pass < 4 ? l : h;
            int shift = (pass % 4) * BITS;
            java.util.Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) {
                count[(int) ((key[i] >>> shift) & (BUCKETS - 1)) + 1]++;
            }
            if (count[(int) ((key[0] >>> shift) & (BUCKETS - 1)) + 1] == n) {
                continue; // every key has the same digit here: this pass would not move anything
            }
            for (int b = 0; b < BUCKETS; b++) {
                count[b + 1] += count[b];
            }
            for (int i = 0; i < n; i++) {
                int d = (int) ((key[i] >>> shift) & (BUCKETS - 1));
                int to = count[d]++;
                h2[to] = h[i];
                l2[to] = l[i];
                idx2[to] = idx[i];
            }
            long[] th = h;
            h = h2;
            h2 = th;
            long[] tl = l;
            l = l2;
            l2 = tl;
            int[] ti = idx;
            idx = idx2;
            idx2 = ti;
        }
        return idx;
    }
}
