package dev.edgeweave.cache.policy;

/**
 * An entity-tag (RFC 9110 §8.8.3): {@code "opaque"} or {@code W/"opaque"}.
 *
 * @param weak whether it carries W/
 * @param opaque the characters between the quotes
 */
record EntityTag(boolean weak, String opaque) {

    /** Parses one entity-tag, or returns null when s is not one (unquoted, inner quote, space). */
    static EntityTag parse(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        boolean weak = t.startsWith("W/");
        if (weak) {
            t = t.substring(2);
        }
        if (t.length() < 2 || t.charAt(0) != '"' || t.charAt(t.length() - 1) != '"') {
            return null;
        }
        String opaque = t.substring(1, t.length() - 1);
        for (int i = 0; i < opaque.length(); i++) {
            char c = opaque.charAt(i);
            if (c == '"' || c <= 0x20 || c == 0x7f) {
                return null;
            }
        }
        return new EntityTag(weak, opaque);
    }

    /** Strong comparison: both strong and the same opaque tag. */
    boolean strongMatch(EntityTag o) {
        return o != null && !weak && !o.weak && opaque.equals(o.opaque);
    }

    /** Weak comparison: the same opaque tag, weak or not. */
    boolean weakMatch(EntityTag o) {
        return o != null && opaque.equals(o.opaque);
    }
}
