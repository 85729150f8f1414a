package dev.edgeweave.proof.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * An Ed25519 private key (its 32-byte RFC 8032 seed) with its public key. Immutable.
 *
 * <p>Signing is deterministic (RFC 8032): the same seed and message always give the same
 * signature, which is what makes the hex test vectors in {@code docs/protocol.md} stable.
 * {@link #toString()} never shows the seed.
 */
public final class Ed25519KeyPair {

    /** Size of a seed (private key) in bytes. */
    public static final int SEED_LENGTH = Ed25519.SEED_SIZE;

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;

    private Ed25519KeyPair(byte[] seed) {
        this.seed = seed;
        this.publicKey = Ed25519PublicKey.of(Ed25519.publicKeyOf(seed));
    }

    /** A fresh key pair from {@code random}. */
    public static Ed25519KeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new Ed25519KeyPair(Ed25519.newSeed(random));
    }

    /**
     * The key pair for a 32-byte seed (copied).
     *
     * @throws IllegalArgumentException if {@code seed} is not 32 bytes long
     */
    public static Ed25519KeyPair fromSeed(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("seed: " + seed.length + " bytes (expected: " + SEED_LENGTH + ")");
        }
        return new Ed25519KeyPair(seed.clone());
    }

    /** The public key (also the node or publisher id). */
    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** Signs {@code message}; returns the 64-byte signature. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return Ed25519.sign(seed, publicKey.bytesUnsafe(), message);
    }

    /** Signs {@code message}; returns the signature wrapped. */
    public Ed25519Signature signature(byte[] message) {
        return Ed25519Signature.of(sign(message));
    }

    /** A copy of the seed; only key files need it. */
    byte[] seed() {
        return seed.clone();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[public=" + publicKey.hex() + "]";
    }
}
