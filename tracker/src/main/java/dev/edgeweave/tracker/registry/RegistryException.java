package dev.edgeweave.tracker.registry;

import java.util.Objects;

/**
 * A registry operation refused its input or could not run. {@link #code()} is a stable machine code
 * (the API's {@code "error"} field); the message names the field and what was expected.
 */
public final class RegistryException extends RuntimeException {

    /** Broad class of failure; the API maps it to an HTTP status. */
    public enum Kind {
        /** Bad input (400). */
        INVALID,
        /** Unknown node or publisher (404). */
        NOT_FOUND,
        /** Conflicts with stored state: replayed timestamp, name owned by another key (409). */
        CONFLICT,
        /** Temporarily unable: too many outstanding nonces, database down (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;

    public RegistryException(Kind kind, String code, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
    }

    static RegistryException invalid(String message) {
        return new RegistryException(Kind.INVALID, "invalid_field", message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
