package dev.edgeweave.tracker.steer;

import java.util.Objects;

/**
 * Where a client or node is, as far as steering knows.
 *
 * @param region        region name from the coverage file
 * @param lat           latitude in degrees, -90..90
 * @param lon           longitude in degrees, -180..180
 * @param matchedPrefix the coverage prefix that matched (e.g. {@code "127.0.1.0/24"}), or {@code null}
 *                      when the location came from a fallback rather than a prefix match
 */
public record Location(String region, double lat, double lon, String matchedPrefix) {

    /** Validates the region name and coordinates. */
    public Location {
        Objects.requireNonNull(region, "region");
        if (region.isBlank()) {
            throw new IllegalArgumentException("region: '" + region + "' (expected: non-blank)");
        }
        if (!(lat >= -90 && lat <= 90)) {
            throw new IllegalArgumentException("lat: " + lat + " (expected: -90..90)");
        }
        if (!(lon >= -180 && lon <= 180)) {
            throw new IllegalArgumentException("lon: " + lon + " (expected: -180..180)");
        }
    }
}
