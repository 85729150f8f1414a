package dev.edgeweave.cache.policy;

import java.util.List;

/**
 * A read-only view of an HTTP header section, so that the RFC 9111 policy functions work the same
 * over a live Netty request and over a stored response head. Names compare case-insensitively.
 */
public interface HeaderView {

    /** The first value of {@code name}, or {@code null} when absent. */
    String first(String name);

    /** Every value of {@code name}, in order (a header repeated or not); empty when absent. */
    List<String> all(String name);

    /** Whether {@code name} is present at all. */
    default boolean contains(String name) {
        return first(name) != null;
    }

    /** Every value of {@code name} split on commas outside quoted strings, trimmed, empties dropped. */
    default List<String> tokens(String name) {
        List<String> out = new java.util.ArrayList<>();
        for (String v : all(name)) {
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted && i + 1 < v.length()) {
                    cur.append(c);
                    c = v.charAt(++i);
                } else if (c == ',' && !quoted) {
                    String t = cur.toString().trim();
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
                    cur.setLength(0);
                    continue;
                }
                cur.append(c);
            }
            String t = cur.toString().trim();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }
}
