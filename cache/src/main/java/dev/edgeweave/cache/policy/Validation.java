package dev.edgeweave.cache.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** Revalidating a stored response with its origin (RFC 9111 §4.3). */
public final class Validation {

    /**
     * Fields a 304 never changes in the stored response, lower case: Content-Length (RFC 9111 §3.2) and the
     * fields that describe the stored bytes themselves, whose change would break their integrity
     * (Content-Encoding, Content-Range, Repr-Digest, Content-Digest; RFC 9111 §3.2 allows omitting those).
     */
    public static final Set<String> NOT_UPDATED = Set.of("content-length",
            "content-encoding", "content-range", "repr-digest", "content-digest");

    private Validation() {
    }

    /**
     * The conditional headers for revalidating {@code stored}: If-None-Match from its ETag, If-Modified-Since
     * from its Last-Modified (when a valid date); empty when it has neither validator.
     */
    public static List<Map.Entry<String, String>> revalidationHeaders(HeaderView stored) {
        List<Map.Entry<String, String>> out = new ArrayList<>(2);
        String etag = stored.first("ETag");
        if (etag != null && !etag.isBlank()) {
            out.add(Map.entry("If-None-Match", etag.trim()));
        }
        OptionalLong lm = HttpDates.parse(stored.first("Last-Modified"));
        if (lm.isPresent()) {
            out.add(Map.entry("If-Modified-Since", HttpDates.format(lm.getAsLong())));
        }
        return List.copyOf(out);
    }

    /**
     * The stored header lines updated from a 304 (RFC 9111 §3.2, §4.3.4): each field of the 304 replaces all
     * stored lines of the same name (in the place of the first), new fields are appended, every other stored
     * line is kept; hop-by-hop fields of the 304 and {@link #NOT_UPDATED} are not copied. When the 304 has no
     * valid {@code Date}, the stored Date is replaced by {@code receivedAt} (RFC 9110 §6.6.1): an old Date
     * next to the new receipt time would make the freshened response look old at once.
     *
     * @param stored the stored header lines (e.g. {@link MapHeaders#entries()})
     * @param notModified the header lines of the 304 (Netty's {@code HttpHeaders} is such an Iterable)
     * @param receivedAt when the 304 arrived, epoch millis; the new response time of the stored response
     */
    public static List<Map.Entry<String, String>> freshen(Iterable<? extends Map.Entry<String, String>> stored,
                                                         Iterable<? extends Map.Entry<String, String>> notModified,
                                                         long receivedAt) {
        MapHeaders update = MapHeaders.from(notModified);
        Set<String> hop = HopByHop.names(update);
        Map<String, List<Map.Entry<String, String>>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : update.entries()) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (!hop.contains(n) && !NOT_UPDATED.contains(n)) {
                byName.computeIfAbsent(n, k -> new ArrayList<>()).add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        if (HttpDates.parse(update.first("Date")).isEmpty()) {
            byName.put("date", List.of(Map.entry("Date", HttpDates.format(receivedAt))));
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Map.Entry<String, String> e : stored) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            List<Map.Entry<String, String>> replacement = byName.get(n);
            if (replacement == null) {
                out.add(Map.entry(e.getKey(), e.getValue()));
            } else if (placed.add(n)) {
                out.addAll(replacement);
            }
        }
        for (Map.Entry<String, List<Map.Entry<String, String>>> e : byName.entrySet()) {
            if (!placed.contains(e.getKey())) {
                out.addAll(e.getValue());
            }
        }
        return List.copyOf(out);
    }
}
