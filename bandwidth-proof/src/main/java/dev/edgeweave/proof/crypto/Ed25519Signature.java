package dev.edgeweave.proof.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** An Ed25519 signature: exactly 64 bytes, immutable. */
public final class Ed25519Signature {

    /** Size of a signature in bytes. */
    public static final int LENGTH = Ed25519.SIGNATURE_SIZE;

    private final byte[] bytes;

    private Ed25519Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Wraps a copy of {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 64 bytes long
     */
    public static Ed25519Signature of(byte[] bytes) {
        Objects.requireNonNull(bytes, "signature");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("signature: " + bytes.length + " bytes (expected: " + LENGTH + ")");
        }
        return new Ed25519Signature(bytes.clone());
    }

    /** Wraps {@code bytes[offset, offset+64)} (copied). */
    public static Ed25519Signature of(byte[] bytes, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, bytes.length);
        return new Ed25519Signature(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
    }

    /** A copy of the 64 signature bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Writes the 64 signature bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /** Lowercase hex of the 64 bytes. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519Signature other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ed25519Signature[" + hex() + "]";
    }
}
