package dev.edgeweave.tracker.claims;

/**
 * A claims request refused: HTTP status, a stable machine code (the API's {@code "error"} field) and a
 * message naming what was wrong and what was expected.
 */
public final class ClaimException extends RuntimeException {

    private final int status;
    private final String code;

    public ClaimException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ClaimException invalid(String message) {
        return new ClaimException(400, "invalid_field", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
