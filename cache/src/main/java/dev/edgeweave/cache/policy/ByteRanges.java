package dev.edgeweave.cache.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Single byte ranges (RFC 9110 §14). Only one range per request is served: a Range with several ranges is
 * ignored and the full representation goes out with 200, which RFC 9110 §14.2 allows (multipart/byteranges is
 * not supported). Range only applies to GET (RFC 9110 §14.2); the caller checks the method.
 */
public final class ByteRanges {

    private ByteRanges() {
    }

    /** A parsed Range header against a representation length. */
    public sealed interface Result permits Satisfiable, Unsatisfiable, Ignore {
    }

    /**
     * Serve 206 with bytes [first, last], both inclusive, {@code Content-Range: bytes first-last/length}.
     *
     * @param first first byte offset
     * @param last last byte offset, inclusive
     */
    public record Satisfiable(long first, long last) implements Result {
        /** Checks 0 <= first <= last. */
        public Satisfiable {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("range: " + first + "-" + last + " (expected: 0 <= first <= last)");
            }
        }

        /** Number of bytes in the range. */
        public long size() {
            return last - first + 1;
        }
    }

    /**
     * Serve 416 with {@code Content-Range: bytes * /length} ({@link #unsatisfiedContentRange}).
     *
     * @param length the representation length
     */
    public record Unsatisfiable(long length) implements Result {
    }

    /**
     * Ignore the Range header and serve the full 200.
     *
     * @param reason why: "syntax", "unit", "multiple ranges", "empty representation"
     */
    public record Ignore(String reason) implements Result {
        /** Checks the reason is present. */
        public Ignore {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A syntactically valid single byte range before the length is known, e.g. for an object still filling.
     *
     * @param first the first-pos, or -1 for a suffix range
     * @param last the last-pos, or -1 when open ({@code a-}) or a suffix range
     * @param suffixLength the suffix-length of {@code -n}, or -1
     */
    public record Spec(long first, long last, long suffixLength) {
        /** Checks the shape: either {@code first >= 0} (and last -1 or >= first) or a suffix with suffixLength >= 0. */
        public Spec {
            boolean range = first >= 0 && (last == -1 || last >= first) && suffixLength == -1;
            boolean suffix = first == -1 && last == -1 && suffixLength >= 0;
            if (!range && !suffix) {
                throw new IllegalArgumentException("spec: first=" + first + " last=" + last + " suffixLength="
                        + suffixLength + " (expected: first >= 0 with last -1 or >= first, or a suffix length)");
            }
        }

        /**
         * This range against a representation of {@code length} bytes.
         *
         * @throws IllegalArgumentException when length is negative
         */
        public Result resolve(long length) {
            if (length < 0) {
                throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
            }
            if (first < 0) {
                if (suffixLength == 0) {
                    return new Unsatisfiable(length);
                }
                if (length == 0) {
                    return new Ignore("empty representation");
                }
                return new Satisfiable(Math.max(0, length - suffixLength), length - 1);
            }
            if (first >= length) {
                return new Unsatisfiable(length);
            }
            return new Satisfiable(first, last < 0 || last >= length ? length - 1 : last);
        }
    }

    /**
     * Parses a single byte range: {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n} (unit
     * case-insensitive, whitespace around the range allowed). Empty on a syntax error, another unit or
     * several ranges.
     */
    public static Optional<Spec> spec(String rangeHeader) {
        Object r = parseSpec(rangeHeader);
        return r instanceof Spec spec ? Optional.of(spec) : Optional.empty();
    }

    /** A {@link Spec}, or the reason (String) to ignore the header. */
    private static Object parseSpec(String h) {
        if (h == null) {
            return "syntax";
        }
        int eq = h.indexOf('=');
        if (eq < 0) {
            return "syntax";
        }
        if (!h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return Tokens.isToken(h.substring(0, eq).trim()) ? "unit" : "syntax";
        }
        String one = null;
        for (String member : h.substring(eq + 1).split(",", -1)) {
            String m = member.trim();
            if (m.isEmpty()) {
                continue; // empty list elements are allowed and ignored (RFC 9110 §5.6.1)
            }
            if (one != null) {
                return "multiple ranges";
            }
            one = m;
        }
        if (one == null) {
            return "syntax";
        }
        int dash = one.indexOf('-');
        if (dash < 0) {
            return "syntax";
        }
        String a = one.substring(0, dash);
        String b = one.substring(dash + 1);
        if (a.isEmpty()) {
            long suffix = position(b);
            return suffix < 0 ? "syntax" : new Spec(-1, -1, suffix);
        }
        long first = position(a);
        long last = b.isEmpty() ? -1 : position(b);
        if (first < 0 || (!b.isEmpty() && (last < 0 || last < first))) {
            return "syntax";
        }
        return new Spec(first, last, -1);
    }

    /** 1*DIGIT as a long, Long.MAX_VALUE when too large, -1 when not digits. */
    private static long position(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
        }
        return v;
    }

    /**
     * Parses {@code rangeHeader} against a representation of {@code length} bytes: a last-pos beyond the end is
     * clipped, a suffix longer than the representation selects all of it, a first-pos at or beyond the end is
     * unsatisfiable.
     *
     * @throws IllegalArgumentException when length is negative
     */
    public static Result parse(String rangeHeader, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        }
        Object r = parseSpec(rangeHeader);
        return r instanceof Spec spec ? spec.resolve(length) : new Ignore((String) r);
    }

    /** {@code bytes first-last/length}. */
    public static String contentRange(long first, long last, long length) {
        if (first < 0 || last < first || last >= length) {
            throw new IllegalArgumentException("range: " + first + "-" + last + "/" + length
                    + " (expected: 0 <= first <= last < length)");
        }
        return "bytes " + first + "-" + last + "/" + length;
    }

    /** {@code bytes * /length} (without the space), for a 416. */
    public static String unsatisfiedContentRange(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("length: " + length + " (expected: >= 0)");
        }
        return "bytes */" + length;
    }
}
