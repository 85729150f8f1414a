package dev.edgeweave.proof.codec;

/**
 * The first byte of every encoded structure. The second byte is the structure's version. Because
 * the type byte is part of the signed bytes, a signature over one structure can never pass for a
 * signature over another, and a receipt can never be parsed as a token.
 */
public enum StructType {
    /** Viewer token, signed by the publisher: ASCII 'T'. */
    TOKEN(0x54, "token"),
    /** Bandwidth receipt, signed by the viewer: ASCII 'R'. */
    RECEIPT(0x52, "receipt"),
    /** Epoch claim, signed by the node: ASCII 'C'. */
    CLAIM(0x43, "claim"),
    /** Audit challenge, sent by the tracker: ASCII 'A'. */
    AUDIT_CHALLENGE(0x41, "auditChallenge"),
    /** Audit response, sent by the node: ASCII 'P' (proof). */
    AUDIT_RESPONSE(0x50, "auditResponse"),
    /** A batch of receipts posted by a viewer: ASCII 'B'. */
    RECEIPT_BATCH(0x42, "receiptBatch");

    private final int code;
    private final String fieldName;

    StructType(int code, String fieldName) {
        this.code = code;
        this.fieldName = fieldName;
    }

    /** The type byte. */
    public int code() {
        return code;
    }

    /** The name used in error messages, e.g. {@code "receipt"}. */
    public String fieldName() {
        return fieldName;
    }
}
