package dev.edgeweave.proof.codec;

/**
 * Thrown when bytes are not a valid encoding of the expected structure. The message names the
 * structure and field and says what was expected, e.g.
 * {@code "receipt.version: 7 (expected: 1)"} or {@code "token: 3 trailing bytes"}.
 */
public final class DecodeException extends Exception {

    /** Creates an exception with a message naming the offending field. */
    public DecodeException(String message) {
        super(message);
    }

    /** Creates an exception with a message naming the offending field and the cause. */
    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
