package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.util.Objects;

/**
 * The content of a viewer token: the publisher's permission for one viewer session to earn nodes
 * up to {@code byteCap} bytes of rewards between {@code notBeforeMillis} (inclusive) and
 * {@code expiresMillis} (exclusive). Sign it with {@link #sign(Ed25519KeyPair)}.
 *
 * <p>Encoding (version 1, 106 bytes, then a 64-byte publisher signature): see
 * {@code docs/protocol.md} §Token.
 *
 * @param publisher the publisher id (its public key); the signer
 * @param viewer the viewer's public key, which signs receipts under this token
 * @param tokenId 16 random bytes
 * @param notBeforeMillis start of validity, unix milliseconds
 * @param expiresMillis end of validity (exclusive), unix milliseconds; after {@code notBeforeMillis}
 * @param byteCap most bytes that all nodes together may claim under this token; {@code > 0}
 */
public record ViewerToken(Ed25519PublicKey publisher, Ed25519PublicKey viewer, TokenId tokenId,
                          long notBeforeMillis, long expiresMillis, long byteCap) {

    /** Encoding version. */
    public static final int VERSION = 1;
    /** Size of the signed part (header and fields). */
    public static final int BODY_LENGTH = 2 + 32 + 32 + 16 + 8 + 8 + 8;

    /** Validates every field. */
    public ViewerToken {
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(tokenId, "tokenId");
        if (notBeforeMillis < 0) {
            throw new IllegalArgumentException("notBeforeMillis: " + notBeforeMillis + " (expected: >= 0)");
        }
        if (expiresMillis <= notBeforeMillis) {
            throw new IllegalArgumentException("expiresMillis: " + expiresMillis + " (expected: > notBeforeMillis "
                    + notBeforeMillis + ")");
        }
        if (byteCap <= 0) {
            throw new IllegalArgumentException("byteCap: " + byteCap + " (expected: > 0)");
        }
    }

    /** Whether the token is valid at {@code millis}: {@code notBefore <= millis < expires}. */
    public boolean isValidAt(long millis) {
        return notBeforeMillis <= millis && millis < expiresMillis;
    }

    /** The canonical bytes that the publisher signs. */
    public byte[] encodeBody() {
        Writer w = new Writer(BODY_LENGTH);
        w.header(StructType.TOKEN, VERSION);
        w.raw(publisher.bytes()).raw(viewer.bytes()).raw(tokenId.bytes());
        w.i64(notBeforeMillis).i64(expiresMillis).i64(byteCap);
        return w.toByteArray();
    }

    /**
     * Signs this token with the publisher's key.
     *
     * @throws IllegalArgumentException if {@code publisherKey} is not this token's publisher
     */
    public SignedToken sign(Ed25519KeyPair publisherKey) {
        if (!publisherKey.publicKey().equals(publisher)) {
            throw new IllegalArgumentException("publisherKey: " + publisherKey.publicKey().hex()
                    + " (expected: the token's publisher " + publisher.hex() + ")");
        }
        byte[] body = encodeBody();
        return SignedToken.of(this, body, publisherKey.sign(body));
    }
}
