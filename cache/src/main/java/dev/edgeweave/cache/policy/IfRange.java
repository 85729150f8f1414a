package dev.edgeweave.cache.policy;

import java.util.OptionalLong;

/** If-Range (RFC 9110 §13.1.5): whether a Range may be honoured against the stored response. */
public final class IfRange {

    private IfRange() {
    }

    /**
     * True when {@code ifRange} is absent, or is a strong entity-tag that strongly matches the stored ETag, or is
     * an HTTP-date exactly equal to the stored Last-Modified where that date is strong (the stored Date is at
     * least one second later, RFC 9110 §8.8.2.2). A weak entity-tag never allows; neither does an invalid
     * value. When false, serve the whole representation with 200.
     */
    public static boolean allows(String ifRange, HeaderView stored) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            EntityTag tag = EntityTag.parse(v);
            return tag != null && tag.strongMatch(EntityTag.parse(stored.first("ETag")));
        }
        OptionalLong date = HttpDates.parse(v);
        OptionalLong lastModified = HttpDates.parse(stored.first("Last-Modified"));
        OptionalLong storedDate = HttpDates.parse(stored.first("Date"));
        return date.isPresent() && lastModified.isPresent() && storedDate.isPresent()
                && date.getAsLong() == lastModified.getAsLong()
                && storedDate.getAsLong() - lastModified.getAsLong() >= 1000;
    }
}
