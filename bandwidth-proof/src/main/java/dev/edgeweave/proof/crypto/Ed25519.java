package dev.edgeweave.proof.crypto;

import java.security.SecureRandom;
import java.security.SignatureException;

/**
 * The one place that touches BouncyCastle's Ed25519 (RFC 8032, pure Ed25519, no context).
 *
 * <p>Uses the lightweight {@code org.bouncycastle.math.ec.rfc8032.Ed25519} primitives directly:
 * measured on one core, BouncyCastle 1.87 verifies about 8x faster than the JDK's {@code Ed25519}
 * {@link java.security.Signature}. Everything else in this module signs through
 * {@link Ed25519KeyPair#sign(byte[])} and verifies through
 * {@link Ed25519PublicKey#verify(byte[], byte[])}, which fail closed.
 */
final class Ed25519 {

    static final int PUBLIC_KEY_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.PUBLIC_KEY_SIZE;
    static final int SEED_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.SECRET_KEY_SIZE;
    static final int SIGNATURE_SIZE = org.bouncycastle.math.ec.rfc8032.Ed25519.SIGNATURE_SIZE;

    private Ed25519() {}

    static byte[] newSeed(SecureRandom random) {
        byte[] seed = new byte[SEED_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePrivateKey(random, seed);
        return seed;
    }

    static byte[] publicKeyOf(byte[] seed) {
        byte[] pk = new byte[PUBLIC_KEY_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
        return pk;
    }

    static byte[] sign(byte[] seed, byte[] publicKey, byte[] message) {
        byte[] sig = new byte[SIGNATURE_SIZE];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
        return sig;
    }

    /** Decodes a public key point; {@code null} if the 32 bytes are not a valid point encoding. */
    static org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint decode(byte[] publicKey) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(publicKey, 0);
    }

    static void verify(org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint point, byte[] message, int offset,
                       int length, byte[] signature) throws SignatureException {
        if (!org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point, message, offset, length)) {
            throw new SignatureException("Ed25519 signature does not verify");
        }
    }
}
