package dev.edgeweave.tracker.steer;

import java.util.Locale;
import java.util.Objects;

/**
 * Steering settings.
 *
 * @param answers    how many nodes a DNS answer lists (default 3; 1..64)
 * @param ttlSeconds TTL of steering answers in seconds (default 20; 1..86400)
 * @param zone       the zone the tracker is authoritative for, e.g. {@code "cdn.test"}; stored lowercase
 *                   without a trailing dot
 */
public record SteeringConfig(int answers, int ttlSeconds, String zone) {

    /** Default number of nodes per answer. */
    public static final int DEFAULT_ANSWERS = 3;
    /** Default TTL of steering answers, seconds. */
    public static final int DEFAULT_TTL_SECONDS = 20;

    /** Validates and normalizes; messages name the field, the value and what was expected. */
    public SteeringConfig {
        if (answers < 1 || answers > 64) {
            throw new IllegalArgumentException("answers: " + answers + " (expected: 1-64)");
        }
        if (ttlSeconds < 1 || ttlSeconds > 86_400) {
            throw new IllegalArgumentException("ttlSeconds: " + ttlSeconds + " (expected: 1-86400)");
        }
        zone = normalizeName("zone", zone);
    }

    /** Defaults (3 answers, 20 s TTL) for {@code zone}. */
    public static SteeringConfig of(String zone) {
        return new SteeringConfig(DEFAULT_ANSWERS, DEFAULT_TTL_SECONDS, zone);
    }

    /**
     * Lowercases a DNS name and strips one trailing dot, rejecting names that are not valid hostnames
     * in presentation form.
     */
    static String normalizeName(String field, String name) {
        Objects.requireNonNull(name, field);
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.isEmpty() || n.length() > 253) {
            throw new IllegalArgumentException(field + ": '" + name + "' (expected: a DNS name of 1-253 characters)");
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException(
                        field + ": '" + name + "' (expected: labels of 1-63 characters separated by single dots)");
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    throw new IllegalArgumentException(field + ": '" + name + "' (expected: letters, digits, '-' or '_'"
                            + " in labels; found '" + c + "')");
                }
            }
        }
        return n;
    }
}
