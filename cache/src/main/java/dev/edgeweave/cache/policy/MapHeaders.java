package dev.edgeweave.cache.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered, case-insensitive header multimap implementing {@link HeaderView}: for tests, for
 * stored header lists and for the edge when it builds headers by hand. Names keep the case they were given.
 *
 * <pre>{@code
 * HeaderView h = MapHeaders.of("Cache-Control", "max-age=60", "Vary", "Accept-Encoding");
 * }</pre>
 */
public final class MapHeaders implements HeaderView, Iterable<Map.Entry<String, String>> {

    private static final MapHeaders EMPTY = new MapHeaders(List.of());

    private final List<Map.Entry<String, String>> entries;

    private MapHeaders(List<Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** No headers at all. */
    public static MapHeaders empty() {
        return EMPTY;
    }

    /**
     * Headers from alternating names and values: {@code of("A", "1", "B", "2", "A", "3")}.
     *
     * @throws IllegalArgumentException on an odd count, a null, or an empty name
     */
    public static MapHeaders of(String... namesAndValues) {
        Objects.requireNonNull(namesAndValues, "namesAndValues");
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("namesAndValues: " + namesAndValues.length
                    + " strings (expected: an even count, name then value)");
        }
        List<Map.Entry<String, String>> out = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(entry(namesAndValues[i], namesAndValues[i + 1], i / 2));
        }
        return new MapHeaders(Collections.unmodifiableList(out));
    }

    /**
     * Headers from (name, value) entries in order, e.g. Netty's {@code HttpHeaders} (which is such an
     * {@code Iterable}) or {@link Validation#freshen}'s result.
     *
     * @throws IllegalArgumentException on a null or empty name or a null value
     */
    public static MapHeaders from(Iterable<? extends Map.Entry<String, String>> entries) {
        Objects.requireNonNull(entries, "entries");
        List<Map.Entry<String, String>> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, String> e : entries) {
            Objects.requireNonNull(e, "entries[" + i + "]");
            out.add(entry(e.getKey(), e.getValue(), i++));
        }
        return new MapHeaders(Collections.unmodifiableList(out));
    }

    private static Map.Entry<String, String> entry(String name, String value, int index) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header " + index + ": name " + (name == null ? "null" : "\"\"")
                    + " (expected: a non-empty header name)");
        }
        if (value == null) {
            throw new IllegalArgumentException("header " + index + " (" + name + "): value null (expected: a string)");
        }
        return Map.entry(name, value);
    }

    /** These headers plus one more field line at the end. */
    public MapHeaders with(String name, String value) {
        List<Map.Entry<String, String>> out = new ArrayList<>(entries.size() + 1);
        out.addAll(entries);
        out.add(entry(name, value, entries.size()));
        return new MapHeaders(Collections.unmodifiableList(out));
    }

    /** These headers without any line named {@code name} (case-insensitive). */
    public MapHeaders without(String name) {
        List<Map.Entry<String, String>> out = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> e : entries) {
            if (!e.getKey().equalsIgnoreCase(name)) {
                out.add(e);
            }
        }
        return new MapHeaders(Collections.unmodifiableList(out));
    }

    /** Every field line in order, immutable. */
    public List<Map.Entry<String, String>> entries() {
        return entries;
    }

    /** Every field line in order. */
    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return entries.iterator();
    }

    @Override
    public String first(String name) {
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (Map.Entry<String, String> e : entries) {
            if (e.getKey().equalsIgnoreCase(name)) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapHeaders m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MapHeaders[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(entries.get(i).getKey()).append(": ").append(entries.get(i).getValue());
        }
        return sb.append(']').toString();
    }
}
