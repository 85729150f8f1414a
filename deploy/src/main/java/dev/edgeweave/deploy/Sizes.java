package dev.edgeweave.deploy;

import java.util.Locale;

/** Parses sizes like {@code 512m}, {@code 10g}, {@code 64k}, {@code 1048576} (binary units). */
final class Sizes {
    private Sizes() {}

    static long parse(String option, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> mult = 1L << 10;
                case 'm' -> mult = 1L << 20;
                case 'g' -> mult = 1L << 30;
                case 't' -> mult = 1L << 40;
                default -> { }
            }
            if (mult > 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0 || v > Long.MAX_VALUE / mult) {
                throw new NumberFormatException();
            }
            return v * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text
                    + "' is not a size (expected: a number with an optional unit k, m, g or t, e.g. 512m or 10g)");
        }
    }
}
