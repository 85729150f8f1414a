package dev.edgeweave.tracker.api;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Ed25519Signature;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.SignatureException;
import java.util.HexFormat;

/**
 * Proof of key possession for API requests: header {@value #HEADER} carries the hex Ed25519
 * signature over the exact raw request body bytes. Fails closed: anything but a valid signature by
 * the expected key is a 401.
 */
final class Signatures {

    static final String HEADER = "EdgeWeave-Signature";

    private Signatures() {}

    /**
     * Verifies the request's signature header against {@code key}.
     *
     * @throws ApiException 401 {@code missing_signature} or {@code bad_signature}
     */
    static void verify(ApiRequest request, Ed25519PublicKey key) {
        String header = request.headers().get(HEADER);
        if (header == null || header.isBlank()) {
            throw unauthorized("missing_signature", HEADER + ": missing (expected: hex Ed25519 signature over the"
                    + " exact request body by key " + key.hex() + ")");
        }
        String hex = header.strip();
        if (hex.length() != Ed25519Signature.LENGTH * 2) {
            throw unauthorized("bad_signature", HEADER + ": " + hex.length() + " characters (expected: "
                    + Ed25519Signature.LENGTH * 2 + " hex digits)");
        }
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw unauthorized("bad_signature", HEADER + ": not hex (expected: " + Ed25519Signature.LENGTH * 2
                    + " hex digits)");
        }
        try {
            key.verify(request.body(), sig);
        } catch (SignatureException e) {
            throw unauthorized("bad_signature", HEADER + ": does not verify over the request body with key "
                    + key.hex() + " (expected: that key's signature over the exact body bytes sent)");
        }
    }

    private static ApiException unauthorized(String code, String message) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, code, message);
    }
}
