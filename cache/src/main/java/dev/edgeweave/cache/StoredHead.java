package dev.edgeweave.cache;

import dev.edgeweave.cache.policy.HeaderView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stored response head: status, headers in order, and the request/response times (RFC 9111 §4.2.3),
 * in epoch milliseconds. Immutable; header names compare case-insensitively.
 */
public record StoredHead(int status, List<Header> headers, long requestTimeMillis, long responseTimeMillis)
        implements HeaderView {

    public StoredHead {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        headers = List.copyOf(Objects.requireNonNull(headers, "headers"));
        if (requestTimeMillis < 0) {
            throw new IllegalArgumentException("requestTimeMillis: " + requestTimeMillis + " (expected: >= 0)");
        }
        if (responseTimeMillis < requestTimeMillis) {
            throw new IllegalArgumentException("responseTimeMillis: " + responseTimeMillis
                    + " (expected: >= requestTimeMillis " + requestTimeMillis + ")");
        }
    }

    /** The same status and times with other headers. */
    public StoredHead withHeaders(List<Header> h) {
        return new StoredHead(status, h, requestTimeMillis, responseTimeMillis);
    }

    @Override
    public String first(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    @Override
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                out.add(h.value());
            }
        }
        return out;
    }
}
