package dev.edgeweave.cache.policy;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code Repr-Digest} (RFC 9530) with sha-256: parse the origin's value, format ours. The digest covers the
 * representation as sent (after content coding), so a stored body is checked byte for byte as received.
 */
public final class ReprDigest {

    /** The field name. */
    public static final String FIELD = "Repr-Digest";

    private ReprDigest() {
    }

    /**
     * The sha-256 digest (32 bytes) from the message's Repr-Digest dictionary; other algorithms are ignored.
     * Empty when the field is absent, has no sha-256, or is malformed ({@link #problem} says why).
     */
    public static Optional<byte[]> sha256(HeaderView h) {
        Object r = parse(h);
        return r instanceof byte[] digest ? Optional.of(digest) : Optional.empty();
    }

    /**
     * Why a present Repr-Digest gives no usable sha-256, e.g. "malformed: ..." or "no sha-256"; empty when the
     * field is absent or fine.
     */
    public static Optional<String> problem(HeaderView h) {
        Object r = parse(h);
        return r instanceof String why ? Optional.of(why) : Optional.empty();
    }

    /** The 32-byte digest, a problem (String), or null when the field is absent. */
    private static Object parse(HeaderView h) {
        List<String> lines = h.all(FIELD);
        if (lines.isEmpty()) {
            return null;
        }
        Map<String, StructuredFields.Member> dict;
        try {
            dict = StructuredFields.parseDictionary(lines);
        } catch (StructuredFields.ParseException e) {
            return "malformed: " + e.getMessage();
        }
        StructuredFields.Member m = dict.get("sha-256");
        if (m == null) {
            return "no sha-256";
        }
        if (!(m.value() instanceof byte[] digest)) {
            return "sha-256 is not a byte sequence";
        }
        if (digest.length != 32) {
            return "sha-256 has " + digest.length + " bytes (expected: 32)";
        }
        return digest;
    }

    /**
     * {@code sha-256=:BASE64:} for a 32-byte digest.
     *
     * @throws IllegalArgumentException when the digest is not 32 bytes
     */
    public static String format(byte[] sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.length != 32) {
            throw new IllegalArgumentException("sha256: " + sha256.length + " bytes (expected: 32)");
        }
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256) + ":";
    }
}
