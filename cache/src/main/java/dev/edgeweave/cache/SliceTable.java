package dev.edgeweave.cache;

import java.util.Arrays;

/**
 * The slice table of one object: per slice its state, length (bytes written so far while it is being
 * written) and CRC32C. Not thread-safe: the owning {@link StoredObject}'s monitor guards it.
 */
final class SliceTable {

    static final byte ABSENT = 0;
    static final byte WRITING = 1;
    /** Stored and checked (written in this process, or verified since open). */
    static final byte PRESENT = 2;
    /** Stored, found at open, checksum not yet verified. */
    static final byte UNVERIFIED = 3;

    private int[] lens;
    private int[] crcs;
    private byte[] states;
    private int present;

    SliceTable(int slots) {
        lens = new int[slots];
        crcs = new int[slots];
        states = new byte[slots];
    }

    int size() {
        return states.length;
    }

    int present() {
        return present;
    }

    byte state(int i) {
        return states[i];
    }

    int length(int i) {
        return lens[i];
    }

    int crc(int i) {
        return crcs[i];
    }

    boolean stored(int i) {
        return i >= 0 && i < states.length && states[i] >= PRESENT;
    }

    /** Resizes to exactly {@code n} slots (growing keeps the entries, shrinking drops the tail). */
    void resize(int n) {
        if (n != states.length) {
            lens = Arrays.copyOf(lens, n);
            crcs = Arrays.copyOf(crcs, n);
            states = Arrays.copyOf(states, n);
        }
    }

    /** A slice found on disk at open. */
    void recovered(int i, int len, int crc) {
        lens[i] = len;
        crcs[i] = crc;
        states[i] = UNVERIFIED;
        present++;
    }

    void begin(int i) {
        states[i] = WRITING;
        lens[i] = 0;
    }

    void progress(int i, int len) {
        lens[i] = len;
    }

    /** A slice being written is fully stored; false if it was not being written. */
    boolean store(int i, int len, int crc) {
        if (states[i] != WRITING) {
            return false;
        }
        lens[i] = len;
        crcs[i] = crc;
        states[i] = PRESENT;
        present++;
        return true;
    }

    /** A slice being written is absent again; false if it was not being written. */
    boolean unbegin(int i) {
        if (states[i] != WRITING) {
            return false;
        }
        states[i] = ABSENT;
        lens[i] = 0;
        return true;
    }

    void verified(int i) {
        if (states[i] == UNVERIFIED) {
            states[i] = PRESENT;
        }
    }

    /**
     * Contiguous bytes from {@code offset}: whole stored slices, then the written part of a slice being
     * written; stops at an absent slice.
     */
    long contiguous(long offset, int sliceSize) {
        int i = (int) (offset / sliceSize);
        long inner = offset - (long) i * sliceSize;
        long total = 0;
        while (i < states.length) {
            byte s = states[i];
            if (s == ABSENT) {
                break;
            }
            total += Math.max(0, lens[i] - inner);
            if (s == WRITING) {
                break;
            }
            inner = 0;
            i++;
        }
        return total;
    }

    /** Indexes of slices that may have a file. */
    int[] withFiles() {
        int[] out = new int[states.length];
        int n = 0;
        for (int i = 0; i < states.length; i++) {
            if (states[i] != ABSENT) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    int[] lengths(int n) {
        return Arrays.copyOf(lens, n);
    }

    int[] crcs(int n) {
        return Arrays.copyOf(crcs, n);
    }
}
