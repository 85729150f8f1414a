package dev.edgeweave.loadtest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the CLI's durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    private Durations() {}

    /**
     * @param flag names the flag in the error
     * @throws IllegalArgumentException naming the flag and the value if it is not a duration
     */
    public static Duration parse(String flag, String value) {
        Matcher m = value == null ? null : FORM.matcher(value.strip());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' (expected: a duration like 500ms, 30s, 2m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        if (millis > Duration.ofDays(365).toMillis()) {
            throw new IllegalArgumentException(flag + ": '" + value + "' (expected: at most a year)");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
