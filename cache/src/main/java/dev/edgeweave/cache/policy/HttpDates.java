package dev.edgeweave.cache.policy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** HTTP-date (RFC 9110 §5.6.7): parse all three formats, format IMF-fixdate. Epoch milliseconds. */
public final class HttpDates {

    /** Precompiled: {@code String.split} with a regex compiles it on every call (15 % of a hit's CPU). */
    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("[ \\t]+");

    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
            "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    private static final List<String> LONG_DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    private static final DateTimeFormatter IMF = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final long MIN_MILLIS = -62135596800000L; // 0001-01-01T00:00:00Z
    private static final long MAX_MILLIS = 253402300799000L; // 9999-12-31T23:59:59Z

    private HttpDates() {
    }

    /**
     * Parses IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), RFC 850 ({@code Sunday, 06-Nov-94 08:49:37
     * GMT}) or asctime ({@code Sun Nov  6 08:49:37 1994}); empty when the value is none of them. Names are
     * matched case-insensitively and the day name is not checked against the date (recipients are lenient).
     * An RFC 850 two-digit year is read as 20yy below 70 and 19yy from 70: a fixed window rather than
     * RFC 9110's "50 years from now", so that parsing needs no clock; both agree for every date this format
     * still appears with.
     */
    public static OptionalLong parse(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        String[] p = WHITESPACE.split(value.trim());
        try {
            if (p.length == 6 && p[0].endsWith(",") && DAYS.contains(lower(p[0], 1)) && p[5].equals("GMT")) {
                return at(year4(p[3]), month(p[2]), day(p[1]), p[4]);
            }
            if (p.length == 4 && p[0].endsWith(",") && LONG_DAYS.contains(lower(p[0], 1)) && p[3].equals("GMT")) {
                String[] d = p[1].split("-", -1);
                if (d.length != 3 || d[2].length() != 2 || !digits(d[2])) {
                    return OptionalLong.empty();
                }
                int yy = Integer.parseInt(d[2]);
                return at(yy < 70 ? 2000 + yy : 1900 + yy, month(d[1]), day(d[0]), p[2]);
            }
            if (p.length == 5 && DAYS.contains(lower(p[0], 0))) {
                return at(year4(p[4]), month(p[1]), day(p[2]), p[3]);
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /**
     * IMF-fixdate of an instant in epoch millis (milliseconds dropped), e.g. {@code Sun, 06 Nov 1994 08:49:37
     * GMT}; instants outside years 1..9999 are clamped into them.
     */
    public static String format(long epochMillis) {
        long clamped = Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, epochMillis));
        return IMF.format(Instant.ofEpochMilli(Math.floorDiv(clamped, 1000) * 1000));
    }

    private static String lower(String s, int dropAtEnd) {
        return s.substring(0, s.length() - dropAtEnd).toLowerCase(Locale.ROOT);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static int year4(String s) {
        if (s.length() != 4 || !digits(s)) {
            throw new IllegalArgumentException("year");
        }
        return Integer.parseInt(s);
    }

    private static int month(String s) {
        int m = MONTHS.indexOf(s.toLowerCase(Locale.ROOT));
        if (m < 0) {
            throw new IllegalArgumentException("month");
        }
        return m + 1;
    }

    private static int day(String s) {
        if (s.isEmpty() || s.length() > 2 || !digits(s)) {
            throw new IllegalArgumentException("day");
        }
        return Integer.parseInt(s);
    }

    private static OptionalLong at(int year, int month, int day, String time) {
        String[] t = time.split(":", -1);
        if (t.length != 3) {
            return OptionalLong.empty();
        }
        for (String x : t) {
            if (x.length() != 2 || !digits(x)) {
                return OptionalLong.empty();
            }
        }
        int sec = Integer.parseInt(t[2]);
        if (sec > 60) {
            return OptionalLong.empty();
        }
        // A leap second (:60) is the instant right after :59.
        LocalDateTime ldt = LocalDateTime.of(year, month, day, Integer.parseInt(t[0]), Integer.parseInt(t[1]),
                Math.min(sec, 59));
        long s = ldt.toEpochSecond(ZoneOffset.UTC) + (sec == 60 ? 1 : 0);
        return OptionalLong.of(s * 1000);
    }
}
