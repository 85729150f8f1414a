package dev.edgeweave.proof.viewer;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an RFC 9530 {@code Repr-Digest} field value, a structured-field dictionary of byte
 * sequences such as {@code sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:}. Only
 * {@code sha-256} and {@code sha-512} are used; other algorithms are ignored.
 */
final class ReprDigest {

    private ReprDigest() {}

    /** JDK algorithm name to expected digest, strongest first; empty if none usable or malformed. */
    static Optional<Map.Entry<String, byte[]>> strongest(String fieldValue) {
        if (fieldValue == null) {
            return Optional.empty();
        }
        Map<String, byte[]> found = new LinkedHashMap<>();
        for (String member : fieldValue.split(",")) {
            String m = member.strip();
            int eq = m.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = m.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = m.substring(eq + 1).strip();
            int semi = value.indexOf(';'); // parameters are allowed and ignored
            if (semi >= 0) {
                value = value.substring(0, semi).strip();
            }
            if (value.length() < 2 || value.charAt(0) != ':' || value.charAt(value.length() - 1) != ':') {
                continue;
            }
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(value.substring(1, value.length() - 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (key.equals("sha-512") && digest.length == 64) {
                found.put("SHA-512", digest);
            } else if (key.equals("sha-256") && digest.length == 32) {
                found.put("SHA-256", digest);
            }
        }
        if (found.containsKey("SHA-512")) {
            return Optional.of(Map.entry("SHA-512", found.get("SHA-512")));
        }
        return found.containsKey("SHA-256") ? Optional.of(Map.entry("SHA-256", found.get("SHA-256"))) : Optional.empty();
    }

    /** The {@code Repr-Digest} value for a SHA-256 digest. */
    static String sha256Value(byte[] digest) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":";
    }
}
