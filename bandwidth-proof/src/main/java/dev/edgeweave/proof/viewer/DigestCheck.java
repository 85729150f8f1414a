package dev.edgeweave.proof.viewer;

/** What the viewer could establish about a response body's integrity. */
public enum DigestCheck {
    /** A full 200 response whose {@code Repr-Digest} matched the body: its bytes count. */
    VERIFIED,
    /** The body does not match its {@code Repr-Digest}: never counted. */
    MISMATCH,
    /** A full 200 response without a usable {@code Repr-Digest}. */
    ABSENT,
    /** Not a full 200 response (206, 304, errors): nothing to check against. */
    NOT_APPLICABLE
}
