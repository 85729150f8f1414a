package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Ed25519Signature;
import dev.edgeweave.proof.crypto.Sha256;
import java.security.SignatureException;
import java.util.Arrays;

/**
 * A {@link Claim} with the node's signature. Its {@link #digest()} (SHA-256 of the encoded bytes)
 * is the claim's reference in audits and the seed of the audit draw.
 */
public final class SignedClaim {

    /** Media type of an encoded signed claim in HTTP bodies. */
    public static final String CONTENT_TYPE = "application/vnd.edgeweave.claim";

    private final Claim claim;
    private final byte[] encoded;
    private volatile byte[] digest;

    private SignedClaim(Claim claim, byte[] encoded) {
        this.claim = claim;
        this.encoded = encoded;
    }

    static SignedClaim of(Claim claim, byte[] body, byte[] signature) {
        byte[] enc = Arrays.copyOf(body, body.length + signature.length);
        System.arraycopy(signature, 0, enc, body.length, signature.length);
        return new SignedClaim(claim, enc);
    }

    /**
     * Decodes a signed claim (no signature check). Checks the structure: header, leaf count within
     * bounds and equal to the entries present, total equal to the entries' sum, entries in strictly
     * ascending token-id order, no trailing bytes.
     *
     * @throws DecodeException naming the field that is wrong
     */
    public static SignedClaim decode(byte[] bytes) throws DecodeException {
        Reader r = new Reader(bytes, "claim");
        r.header(StructType.CLAIM, Claim.VERSION);
        Ed25519PublicKey node = Ed25519PublicKey.of(r.raw(32, "node"));
        long epoch = r.i64AtLeast("epoch", 0);
        int n = r.u32("leafCount");
        if (n < 1 || n > Claim.MAX_LEAVES) {
            throw r.fail("leafCount", n + " (expected: 1.." + Claim.MAX_LEAVES + ")");
        }
        long total = r.i64AtLeast("totalBytes", 0);
        byte[] root = r.raw(Sha256.LENGTH, "merkleRoot");
        int expected = Claim.HEADER_LENGTH + n * ClaimEntry.LENGTH + Ed25519Signature.LENGTH;
        if (bytes.length != expected) {
            throw new DecodeException("claim: " + bytes.length + " bytes (expected: " + expected + " for leafCount "
                    + n + ")");
        }
        byte[] flat = r.raw(n * ClaimEntry.LENGTH, "entries");
        r.raw(Ed25519Signature.LENGTH, "signature");
        r.expectEnd();
        Claim claim;
        try {
            claim = Claim.ofFlat(node, epoch, flat, n, root);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("claim." + e.getMessage(), e);
        }
        if (claim.totalBytes() != total) {
            throw new DecodeException("claim.totalBytes: " + total + " (expected: sum of entries "
                    + claim.totalBytes() + ")");
        }
        return new SignedClaim(claim, bytes.clone());
    }

    /** The signed content. */
    public Claim claim() {
        return claim;
    }

    /** The node's signature. */
    public Ed25519Signature signature() {
        return Ed25519Signature.of(encoded, encoded.length - Ed25519Signature.LENGTH);
    }

    /** A copy of the encoded bytes. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Size of the encoding in bytes. */
    public int encodedLength() {
        return encoded.length;
    }

    /** SHA-256 of the encoded signed claim: the claim reference used by audits. */
    public byte[] digest() {
        byte[] d = digest;
        if (d == null) {
            d = Sha256.hash(encoded);
            digest = d;
        }
        return d.clone();
    }

    /**
     * Checks the node's signature (the node id is the key).
     *
     * @throws SignatureException unless the claim's node signed exactly these bytes
     */
    public void verify() throws SignatureException {
        int body = encoded.length - Ed25519Signature.LENGTH;
        try {
            claim.node().verify(encoded, 0, body, Arrays.copyOfRange(encoded, body, encoded.length));
        } catch (SignatureException e) {
            throw new SignatureException("claim of node " + claim.node().hex() + " epoch " + claim.epoch()
                    + ": bad node signature: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedClaim other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "Signed" + claim;
    }
}
