package dev.edgeweave.tracker.steer;

import java.util.Arrays;

/**
 * Open-addressing hash map from a 128-bit key (two longs) to a non-negative int, built once and then
 * read without allocation. IPv4 keys use {@code hi = 0}.
 */
final class PrefixMap {

    private final long[] his;
    private final long[] los;
    private final int[] values;
    private final int mask;
    private int size;

    PrefixMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
        his = new long[cap];
        los = new long[cap];
        values = new int[cap];
        Arrays.fill(values, -1);
        mask = cap - 1;
    }

    /** Puts {@code value} (>= 0) unless the key is present; returns the existing value or -1. */
    int putIfAbsent(long hi, long lo, int value) {
        int i = slot(hi, lo);
        while (values[i] >= 0) {
            if (his[i] == hi && los[i] == lo) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2 > values.length) {
            throw new IllegalStateException("PrefixMap sized for fewer entries");
        }
        his[i] = hi;
        los[i] = lo;
        values[i] = value;
        size++;
        return -1;
    }

    /** The value for the key, or -1. */
    int get(long hi, long lo) {
        int i = slot(hi, lo);
        int v;
        while ((v = values[i]) >= 0) {
            if (his[i] == hi && los[i] == lo) {
                return v;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int slot(long hi, long lo) {
        long h = hi * 0x9E3779B97F4A7C15L + lo;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
