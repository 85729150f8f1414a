package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Ed25519Signature;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * A {@link Receipt} with the viewer's signature: {@value #LENGTH} bytes. These exact bytes are
 * the Merkle leaves of a claim. Decoding checks the structure only; {@link #verify(SignedToken)}
 * checks the signature against the token's viewer key.
 */
public final class SignedReceipt {

    /** Size of the encoding: body then signature. */
    public static final int LENGTH = Receipt.BODY_LENGTH + Ed25519Signature.LENGTH;

    private final Receipt receipt;
    private final byte[] encoded;

    private SignedReceipt(Receipt receipt, byte[] encoded) {
        this.receipt = receipt;
        this.encoded = encoded;
    }

    static SignedReceipt of(Receipt receipt, byte[] body, byte[] signature) {
        byte[] enc = Arrays.copyOf(body, LENGTH);
        System.arraycopy(signature, 0, enc, body.length, signature.length);
        return new SignedReceipt(receipt, enc);
    }

    /**
     * Decodes {@value #LENGTH} bytes (no signature check).
     *
     * @throws DecodeException naming the field if the bytes are not a version-1 receipt
     */
    public static SignedReceipt decode(byte[] bytes) throws DecodeException {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code bytes[offset, offset+length)}; see {@link #decode(byte[])}. */
    public static SignedReceipt decode(byte[] bytes, int offset, int length) throws DecodeException {
        Reader r = new Reader(bytes, offset, length, "receipt");
        r.header(StructType.RECEIPT, Receipt.VERSION);
        TokenId id = TokenId.of(r.raw(TokenId.LENGTH, "tokenId"));
        Ed25519PublicKey node = Ed25519PublicKey.of(r.raw(32, "node"));
        long epoch = r.i64AtLeast("epoch", 0);
        long serial = r.i64AtLeast("serial", 1);
        long cumulative = r.i64AtLeast("bytes", 0);
        long ts = r.i64AtLeast("timestampMillis", 0);
        r.raw(Ed25519Signature.LENGTH, "signature");
        r.expectEnd();
        return new SignedReceipt(new Receipt(id, node, epoch, serial, cumulative, ts),
                Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** The signed content. */
    public Receipt receipt() {
        return receipt;
    }

    /** The viewer's signature. */
    public Ed25519Signature signature() {
        return Ed25519Signature.of(encoded, Receipt.BODY_LENGTH);
    }

    /** A copy of the {@value #LENGTH} encoded bytes. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Writes the {@value #LENGTH} encoded bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(encoded, 0, dst, offset, LENGTH);
    }

    /**
     * Checks that this receipt belongs to {@code token} (same token id) and that the token's viewer
     * key signed it. Does not check the token's own signature or validity.
     *
     * @throws SignatureException on a token id mismatch or a bad signature
     */
    public void verify(SignedToken token) throws SignatureException {
        if (!token.tokenId().equals(receipt.tokenId())) {
            throw new SignatureException("receipt for token " + receipt.tokenId() + " checked against token "
                    + token.tokenId());
        }
        verify(token.token().viewer());
    }

    /**
     * Checks the signature against {@code viewerKey}.
     *
     * @throws SignatureException unless {@code viewerKey} signed exactly these bytes
     */
    public void verify(Ed25519PublicKey viewerKey) throws SignatureException {
        try {
            viewerKey.verify(encoded, 0, Receipt.BODY_LENGTH,
                    Arrays.copyOfRange(encoded, Receipt.BODY_LENGTH, LENGTH));
        } catch (SignatureException e) {
            throw new SignatureException("receipt for token " + receipt.tokenId() + " serial " + receipt.serial()
                    + ": bad viewer signature: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedReceipt other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "SignedReceipt[" + receipt + "]";
    }
}
