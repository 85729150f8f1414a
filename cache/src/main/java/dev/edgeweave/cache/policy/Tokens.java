package dev.edgeweave.cache.policy;

/** RFC 9110 token and delta-seconds helpers shared by the policy classes. */
final class Tokens {

    /** RFC 9111 §1.2.2: a delta-seconds too large to represent is taken as 2^31. */
    static final long DELTA_SECONDS_CAP = 2147483648L;

    private Tokens() {
    }

    /** tchar per RFC 9110 §5.6.2. */
    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Whether s is a non-empty token. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * delta-seconds (1*DIGIT) per RFC 9111 §1.2.2: -1 when s is not one (sign, fraction, empty, spaces inside);
     * values past 2^31 are capped at 2^31.
     */
    static long deltaSeconds(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v < DELTA_SECONDS_CAP) {
                v = v * 10 + (c - '0');
            }
        }
        return Math.min(v, DELTA_SECONDS_CAP);
    }

    /** The content of a quoted-string (backslash escapes removed), or s itself when it is not quoted. */
    static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() - 2);
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
