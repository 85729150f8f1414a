package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.store.Heartbeat;
import java.util.regex.Pattern;

/**
 * A heartbeat as a node sends it (the JSON body of {@code POST /v1/nodes/{id}/heartbeat}). Boxed so
 * a missing field is told apart from zero; {@link NodeRegistry#heartbeat} validates every field.
 *
 * @param ts          the node's clock, unix millis; must increase and be within the allowed skew
 * @param load        0.0–1.0
 * @param spareMbps   spare capacity, 0..maxMbps
 * @param maxMbps     declared ceiling, 1–10,000,000
 * @param cacheBytes  optional, >= 0
 * @param version     optional software version, at most 64 printable ASCII characters
 * @param connections optional, >= 0
 */
public record HeartbeatReport(Long ts, Double load, Long spareMbps, Long maxMbps, Long cacheBytes, String version,
                              Long connections) {

    private static final Pattern VERSION = Pattern.compile("[\\x20-\\x7e]{0,64}");

    /**
     * Checks every field but {@code ts} (whose rules need the node's history) and returns the heartbeat.
     *
     * @throws RegistryException {@code INVALID} naming the first bad field
     */
    Heartbeat validate(long ts, long receivedAt) {
        long max = Validation.mbps("maxMbps", maxMbps);
        if (load == null || !(load >= 0.0 && load <= 1.0)) {
            throw RegistryException.invalid("load: " + (load == null ? "missing" : load) + " (expected: 0.0-1.0)");
        }
        if (spareMbps == null || spareMbps < 0 || spareMbps > max) {
            throw RegistryException.invalid("spareMbps: " + (spareMbps == null ? "missing" : spareMbps)
                    + " (expected: 0-" + max + ", at most maxMbps)");
        }
        String v = version == null ? "" : version;
        if (!VERSION.matcher(v).matches()) {
            throw RegistryException.invalid("version: '" + Validation.abbreviate(v)
                    + "' (expected: at most 64 printable ASCII characters)");
        }
        return new Heartbeat(ts, receivedAt, load, spareMbps, max, nonNegative("cacheBytes", cacheBytes),
                nonNegative("connections", connections), v);
    }

    private static long nonNegative(String field, Long value) {
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw RegistryException.invalid(field + ": " + value + " (expected: >= 0)");
        }
        return value;
    }
}
