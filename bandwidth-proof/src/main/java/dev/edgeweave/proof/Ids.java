package dev.edgeweave.proof;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;

/**
 * Identity conventions. A node id and a publisher id <em>are</em> the 32-byte Ed25519 public
 * key. Their text form (JSON, headers, logs) is the lowercase hex of all 32 bytes; log lines may
 * use the short form (first 8 bytes) for readability, never as an identifier.
 */
public final class Ids {

    private Ids() {}

    /** Lowercase hex of all 32 bytes: the canonical text form of a node or publisher id. */
    public static String hex(Ed25519PublicKey id) {
        return id.hex();
    }

    /** First 8 bytes in lowercase hex, for log lines. */
    public static String shortId(Ed25519PublicKey id) {
        return id.shortHex();
    }

    /**
     * Parses the canonical text form (64 hex digits).
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static Ed25519PublicKey parse(String hex) {
        return Ed25519PublicKey.fromHex(hex);
    }
}
