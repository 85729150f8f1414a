package dev.edgeweave.proof.crypto;

import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ed25519 public key: exactly 32 bytes, immutable.
 *
 * <p>In EdgeWeave a node id and a publisher id <em>are</em> their public key; the text form
 * (JSON, headers, logs) is {@link #hex()}, lowercase hex of all 32 bytes.
 *
 * <p>{@link #verify(byte[], byte[])} fails closed: it returns normally only for a valid signature
 * and throws {@link SignatureException} for anything else (wrong length, null, bad point, bad
 * signature). There is no boolean variant to forget to check.
 */
public final class Ed25519PublicKey implements Comparable<Ed25519PublicKey> {

    /** Size of an encoded public key in bytes. */
    public static final int LENGTH = Ed25519.PUBLIC_KEY_SIZE;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;
    private final int hash;
    /** Decoded point, computed on first verify; a benign race recomputes the same value. */
    private volatile Object point;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /**
     * Wraps a copy of {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
     */
    public static Ed25519PublicKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "publicKey");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "publicKey: " + bytes.length + " bytes (expected: " + LENGTH + ")");
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /**
     * Parses 64 hex digits (either case).
     *
     * @throws IllegalArgumentException if {@code hex} is not 64 hex digits
     */
    public static Ed25519PublicKey fromHex(String hex) {
        Objects.requireNonNull(hex, "publicKey");
        if (hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException(
                    "publicKey: " + hex.length() + " hex digits (expected: " + LENGTH * 2 + ")");
        }
        try {
            return new Ed25519PublicKey(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey: '" + hex + "' is not hex (expected: 64 hex digits)", e);
        }
    }

    /** A copy of the 32 key bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lowercase hex of the 32 key bytes (64 characters). */
    public String hex() {
        return HEX.formatHex(bytes);
    }

    /** First 8 bytes in lowercase hex, for log lines only (never as an identifier). */
    public String shortHex() {
        return HEX.formatHex(bytes, 0, 8);
    }

    /** Writes the 32 key bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    /**
     * Verifies {@code signature} over {@code message}.
     *
     * @throws SignatureException unless the signature is a valid Ed25519 signature by this key
     */
    public void verify(byte[] message, byte[] signature) throws SignatureException {
        if (message == null) {
            throw new SignatureException("message: null");
        }
        verify(message, 0, message.length, signature);
    }

    /** Verifies {@code signature} over {@code message[offset, offset+length)}; see {@link #verify(byte[], byte[])}. */
    public void verify(byte[] message, int offset, int length, byte[] signature) throws SignatureException {
        if (signature == null) {
            throw new SignatureException("signature: null");
        }
        if (signature.length != Ed25519Signature.LENGTH) {
            throw new SignatureException(
                    "signature: " + signature.length + " bytes (expected: " + Ed25519Signature.LENGTH + ")");
        }
        Objects.checkFromIndexSize(offset, length, message.length);
        Ed25519.verify(point(), message, offset, length, signature);
    }

    /** Verifies {@code signature} over {@code message}; see {@link #verify(byte[], byte[])}. */
    public void verify(byte[] message, Ed25519Signature signature) throws SignatureException {
        if (signature == null) {
            throw new SignatureException("signature: null");
        }
        verify(message, signature.bytesUnsafe());
    }

    private org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point() throws SignatureException {
        Object p = point;
        if (p == null) {
            p = Ed25519.decode(bytes);
            if (p == null) {
                throw new SignatureException("publicKey " + hex() + ": not a valid Ed25519 point");
            }
            point = p;
        }
        return (org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint) p;
    }

    /** Package-private: the internal array, never handed out. */
    byte[] bytesUnsafe() {
        return bytes;
    }

    @Override
    public int compareTo(Ed25519PublicKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519PublicKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Ed25519PublicKey[" + hex() + "]";
    }
}
