package dev.edgeweave.proof.wire;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A viewer token's id: 16 random bytes chosen by the publisher. Immutable; ordered as unsigned bytes. */
public final class TokenId implements Comparable<TokenId> {

    /** Size in bytes. */
    public static final int LENGTH = 16;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;

    private TokenId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Wraps a copy of {@code bytes}.
     *
     * @throws IllegalArgumentException unless {@code bytes} is 16 bytes long
     */
    public static TokenId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "tokenId");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("tokenId: " + bytes.length + " bytes (expected: " + LENGTH + ")");
        }
        return new TokenId(bytes.clone());
    }

    /** Wraps {@code bytes[offset, offset+16)} (copied). */
    public static TokenId of(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, bytes.length);
        return new TokenId(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
    }

    /** A fresh random token id. */
    public static TokenId random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new TokenId(b);
    }

    /**
     * Parses 32 hex digits.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static TokenId fromHex(String hex) {
        Objects.requireNonNull(hex, "tokenId");
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("tokenId: " + hex.length() + " hex digits (expected: " + LENGTH * 2 + ")");
        }
        try {
            return new TokenId(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tokenId: '" + hex + "' is not hex", e);
        }
    }

    /** A copy of the 16 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the 16 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** Lowercase hex (32 characters). */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** Compares with the 16 bytes at {@code other[offset]}, unsigned. */
    int compareTo(byte[] other, int offset) {
        return Arrays.compareUnsigned(bytes, 0, LENGTH, other, offset, offset + LENGTH);
    }

    @Override
    public int compareTo(TokenId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return hex();
    }
}
