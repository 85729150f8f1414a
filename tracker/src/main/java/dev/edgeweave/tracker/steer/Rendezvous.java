package dev.edgeweave.tracker.steer;

import java.nio.charset.StandardCharsets;

/**
 * Rendezvous (highest random weight) hashing with a stable 64-bit hash: FNV-1a 64 over the UTF-8 key,
 * a 0xFF separator byte (never part of UTF-8) and the UTF-8 node id, finished with MurmurHash3's
 * {@code fmix64} so that close inputs spread over all 64 bits. The weight depends only on the two
 * strings, never on the JVM, the platform or the order nodes are listed in, so every tracker replica
 * picks the same node for the same object. Higher weight wins; compare as unsigned.
 */
public final class Rendezvous {

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private Rendezvous() {
    }

    /** The HRW weight of {@code nodeId} for {@code key}. */
    public static long weight(String key, String nodeId) {
        return finish(keyState(key), nodeId);
    }

    /** FNV state after the key and separator; pass to {@link #finish(long, String)} once per node. */
    static long keyState(String key) {
        return update(update(FNV_OFFSET, key.getBytes(StandardCharsets.UTF_8)), (byte) 0xFF);
    }

    static long finish(long keyState, String nodeId) {
        return fmix64(update(keyState, nodeId.getBytes(StandardCharsets.UTF_8)));
    }

    private static long update(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = update(h, b);
        }
        return h;
    }

    private static long update(long h, byte b) {
        return (h ^ (b & 0xFF)) * FNV_PRIME;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }
}
