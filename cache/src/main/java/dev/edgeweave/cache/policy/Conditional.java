package dev.edgeweave.cache.policy;

import java.util.List;
import java.util.OptionalLong;

/**
 * A viewer's conditional request against a stored response (RFC 9110 §13.2.2, RFC 9111 §4.3.2).
 */
public final class Conditional {

    /** The result of evaluating the preconditions. */
    public enum Outcome {
        /** Serve the stored response normally. */
        PROCEED,
        /** Answer 304 Not Modified (GET and HEAD). */
        NOT_MODIFIED,
        /** Answer 412 Precondition Failed. */
        PRECONDITION_FAILED
    }

    private Conditional() {
    }

    /**
     * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in the RFC 9110 §13.2.2
     * order against the stored ETag / Last-Modified (Date when Last-Modified is absent, RFC 9111 §4.3.2).
     * Preconditions are ignored when the stored status is not 2xx (RFC 9110 §13.2.1).
     */
    public static Outcome evaluate(String method, HeaderView request, int storedStatus, HeaderView stored) {
        if (storedStatus < 200 || storedStatus > 299) {
            return Outcome.PROCEED;
        }
        boolean getOrHead = "GET".equals(method) || "HEAD".equals(method);
        EntityTag etag = EntityTag.parse(stored.first("ETag"));
        OptionalLong lastModified = HttpDates.parse(stored.first("Last-Modified"));

        // 1. If-Match: strong comparison, "*" matches any current representation.
        if (request.contains("If-Match")) {
            if (!anyMatch(request.tokens("If-Match"), etag, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else if (request.contains("If-Unmodified-Since")) {
            // 2. If-Unmodified-Since, only without If-Match; ignored when invalid or nothing to compare.
            OptionalLong since = single(request, "If-Unmodified-Since");
            if (since.isPresent() && lastModified.isPresent() && lastModified.getAsLong() > since.getAsLong()) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        // 3. If-None-Match: weak comparison.
        if (request.contains("If-None-Match")) {
            if (anyMatch(request.tokens("If-None-Match"), etag, false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
            return Outcome.PROCEED;
        }
        // 4. If-Modified-Since, GET and HEAD only; the stored Date stands in for a missing Last-Modified.
        if (getOrHead && request.contains("If-Modified-Since")) {
            OptionalLong since = single(request, "If-Modified-Since");
            OptionalLong modified = lastModified.isPresent() ? lastModified : HttpDates.parse(stored.first("Date"));
            if (since.isPresent() && modified.isPresent() && modified.getAsLong() <= since.getAsLong()) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    private static boolean anyMatch(List<String> members, EntityTag current, boolean strong) {
        for (String m : members) {
            if (m.equals("*")) {
                return true;
            }
            EntityTag t = EntityTag.parse(m);
            if (t != null && (strong ? t.strongMatch(current) : t.weakMatch(current))) {
                return true;
            }
        }
        return false;
    }

    /** A date field with exactly one line that is a valid HTTP-date; empty otherwise (RFC 9110 §13.1.3). */
    private static OptionalLong single(HeaderView request, String name) {
        List<String> lines = request.all(name);
        return lines.size() == 1 ? HttpDates.parse(lines.get(0)) : OptionalLong.empty();
    }
}
