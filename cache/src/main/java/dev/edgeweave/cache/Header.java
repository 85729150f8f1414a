package dev.edgeweave.cache;

import java.util.Objects;

/** One stored header field: name as received (compared case-insensitively) and its value. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name: \"\" (expected: a non-empty header name)");
        }
    }
}
