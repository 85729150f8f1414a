package dev.edgeweave.cache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Header cells for parameter tables: {@code "Cache-Control: max-age=60 && Date: {T+0}"} is two lines; a
 * {@code {T+n}} or {@code {T-n}} becomes the IMF-fixdate of {@link #T0} plus or minus n seconds.
 */
final class H {

    /** Mon, 01 Jan 2024 00:00:00 GMT. */
    static final long T0 = 1704067200000L;

    private static final Pattern TIME = Pattern.compile("\\{T([+-]\\d+)}");

    private H() {
    }

    /** Headers from a table cell; null or blank gives none. */
    static MapHeaders h(String cell) {
        if (cell == null || cell.isBlank()) {
            return MapHeaders.empty();
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String line : cell.split("&&")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("table cell line without ':': " + line);
            }
            out.add(Map.entry(line.substring(0, colon).trim(), sub(line.substring(colon + 1).trim())));
        }
        return MapHeaders.from(out);
    }

    /** Replaces {T±n} with dates. */
    static String sub(String s) {
        if (s == null) {
            return null;
        }
        Matcher m = TIME.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, HttpDates.format(T0 + Long.parseLong(m.group(1)) * 1000));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Header lines back as a cell, {@code "Name: value && Name: value"}; "" for none. */
    static String render(List<Map.Entry<String, String>> lines) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : lines) {
            parts.add(e.getKey() + ": " + e.getValue());
        }
        return String.join(" && ", parts);
    }

    /** The directives set in cc, in a fixed order, e.g. "max-age=60 no-cache[set-cookie] public". */
    static String describe(CacheControl cc) {
        List<String> p = new ArrayList<>();
        cc.maxAge().ifPresent(v -> p.add("max-age=" + v));
        cc.sMaxage().ifPresent(v -> p.add("s-maxage=" + v));
        if (cc.noStore()) {
            p.add("no-store");
        }
        if (cc.noCache()) {
            p.add("no-cache" + (cc.noCacheFields().isEmpty() ? "" : cc.noCacheFields().toString().replace(" ", "")));
        }
        if (cc.isPrivate()) {
            p.add("private" + (cc.privateFields().isEmpty() ? "" : cc.privateFields().toString().replace(" ", "")));
        }
        if (cc.isPublic()) {
            p.add("public");
        }
        if (cc.mustRevalidate()) {
            p.add("must-revalidate");
        }
        if (cc.proxyRevalidate()) {
            p.add("proxy-revalidate");
        }
        if (cc.mustUnderstand()) {
            p.add("must-understand");
        }
        if (cc.noTransform()) {
            p.add("no-transform");
        }
        if (cc.immutable()) {
            p.add("immutable");
        }
        cc.staleWhileRevalidate().ifPresent(v -> p.add("stale-while-revalidate=" + v));
        cc.staleIfError().ifPresent(v -> p.add("stale-if-error=" + v));
        cc.maxStale().ifPresent(v -> p.add("max-stale=" + (v == CacheControl.UNBOUNDED ? "unbounded" : v)));
        cc.minFresh().ifPresent(v -> p.add("min-fresh=" + v));
        if (cc.onlyIfCached()) {
            p.add("only-if-cached");
        }
        return String.join(" ", p);
    }
}
