package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Ed25519Signature;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Base64;

/**
 * A {@link ViewerToken} with the publisher's signature: {@value #LENGTH} bytes. Decoding checks
 * the structure only; call {@link #verify()} to check the signature, and check separately that
 * the publisher is registered.
 *
 * <p>Viewers send it in the HTTP header {@code EdgeWeave-Token} as {@link #toHeaderValue()}.
 */
public final class SignedToken {

    /** Size of the encoding: body then signature. */
    public static final int LENGTH = ViewerToken.BODY_LENGTH + Ed25519Signature.LENGTH;
    /** Name of the HTTP header that carries the token. */
    public static final String HEADER = "EdgeWeave-Token";

    /** Media type of an encoded signed token in HTTP bodies (publisher backends may hand it out raw). */
    public static final String CONTENT_TYPE = "application/vnd.edgeweave.token";

    private final ViewerToken token;
    private final byte[] encoded;

    private SignedToken(ViewerToken token, byte[] encoded) {
        this.token = token;
        this.encoded = encoded;
    }

    static SignedToken of(ViewerToken token, byte[] body, byte[] signature) {
        byte[] enc = Arrays.copyOf(body, LENGTH);
        System.arraycopy(signature, 0, enc, body.length, signature.length);
        return new SignedToken(token, enc);
    }

    /**
     * Decodes {@value #LENGTH} bytes (no signature check).
     *
     * @throws DecodeException naming the field if the bytes are not a version-1 token
     */
    public static SignedToken decode(byte[] bytes) throws DecodeException {
        Reader r = new Reader(bytes, "token");
        r.header(StructType.TOKEN, ViewerToken.VERSION);
        Ed25519PublicKey publisher = Ed25519PublicKey.of(r.raw(32, "publisher"));
        Ed25519PublicKey viewer = Ed25519PublicKey.of(r.raw(32, "viewer"));
        TokenId id = TokenId.of(r.raw(TokenId.LENGTH, "tokenId"));
        long notBefore = r.i64AtLeast("notBeforeMillis", 0);
        long expires = r.i64("expiresMillis");
        if (expires <= notBefore) {
            throw r.fail("expiresMillis", expires + " (expected: > notBeforeMillis " + notBefore + ")");
        }
        long cap = r.i64AtLeast("byteCap", 1);
        r.raw(Ed25519Signature.LENGTH, "signature");
        r.expectEnd();
        return new SignedToken(new ViewerToken(publisher, viewer, id, notBefore, expires, cap), bytes.clone());
    }

    /**
     * Decodes the value of the {@code EdgeWeave-Token} header: base64url, padding optional.
     *
     * @throws DecodeException if the value is not base64url or not a token
     */
    public static SignedToken fromHeaderValue(String value) throws DecodeException {
        if (value == null) {
            throw new DecodeException("token: header " + HEADER + " missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new DecodeException("token: header " + HEADER + " is not base64url: " + e.getMessage(), e);
        }
        return decode(bytes);
    }

    /** The signed content. */
    public ViewerToken token() {
        return token;
    }

    /** Shorthand for {@code token().tokenId()}. */
    public TokenId tokenId() {
        return token.tokenId();
    }

    /** The publisher's signature. */
    public Ed25519Signature signature() {
        return Ed25519Signature.of(encoded, ViewerToken.BODY_LENGTH);
    }

    /** A copy of the {@value #LENGTH} encoded bytes. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Base64url without padding of {@link #encoded()}: the {@code EdgeWeave-Token} header value. */
    public String toHeaderValue() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(encoded);
    }

    /**
     * Checks the publisher's signature.
     *
     * @throws SignatureException unless the publisher named in the token signed exactly these bytes
     */
    public void verify() throws SignatureException {
        try {
            token.publisher().verify(encoded, 0, ViewerToken.BODY_LENGTH,
                    Arrays.copyOfRange(encoded, ViewerToken.BODY_LENGTH, LENGTH));
        } catch (SignatureException e) {
            throw new SignatureException("token " + token.tokenId() + ": bad publisher signature: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedToken other && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "SignedToken[" + token + "]";
    }
}
