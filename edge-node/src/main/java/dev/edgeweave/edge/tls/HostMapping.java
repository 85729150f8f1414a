package dev.edgeweave.edge.tls;

import java.util.Locale;
import java.util.Map;

/**
 * Host name to value, as SNI needs it: an exact name first, then a wildcard covering exactly one
 * leftmost label ({@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com} nor
 * {@code example.com}, RFC 6125 §6.4.3), else the fallback (which may be {@code null}: no default).
 * Immutable; a reload builds a new one.
 */
record HostMapping<T>(Map<String, T> names, T fallback) {

    HostMapping {
        names = Map.copyOf(names);
    }

    /** The value for {@code host} (as sent in SNI; {@code null} when the client sent none). */
    T map(String host) {
        if (host == null || host.isEmpty()) {
            return fallback;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        T exact = names.get(h);
        if (exact != null) {
            return exact;
        }
        int dot = h.indexOf('.');
        if (dot > 0 && dot < h.length() - 1) {
            T wild = names.get("*" + h.substring(dot));
            if (wild != null) {
                return wild;
            }
        }
        return fallback;
    }
}
