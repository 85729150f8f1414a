package dev.edgeweave.proof.verify;

import java.util.Objects;

/**
 * The outcome of a check: {@link Accepted} or {@link Rejected} with a {@link RejectCode} and a
 * human-readable reason that names what was wrong.
 */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {

    /** Accepted. */
    record Accepted() implements Verdict {
    }

    /**
     * Rejected.
     *
     * @param code the machine-readable reason
     * @param reason what was wrong, for logs and error responses
     */
    record Rejected(RejectCode code, String reason) implements Verdict {
        /** Validates the fields. */
        public Rejected {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return code + ": " + reason;
        }
    }

    /** The accepted verdict. */
    static Verdict accepted() {
        return new Accepted();
    }

    /** A rejection. */
    static Rejected rejected(RejectCode code, String reason) {
        return new Rejected(code, reason);
    }

    /** Whether this is {@link Accepted}. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The reject code, or {@code null} when accepted. */
    default RejectCode codeOrNull() {
        return this instanceof Rejected r ? r.code() : null;
    }
}
