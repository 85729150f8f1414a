package dev.edgeweave.cache.policy;

import java.util.Objects;
import java.util.Set;

/**
 * One {@code Cache-Status} list member (RFC 9211), built fluently and immutable:
 * {@code CacheStatus.of("edgeweave").fwd("uri-miss").fwdStatus(200).stored()} gives
 * {@code edgeweave; fwd=uri-miss; fwd-status=200; stored}. Parameters go out in the order hit, fwd,
 * fwd-status, ttl, stored, collapsed, key, detail. Setting one twice keeps the last.
 */
public final class CacheStatus {

    /** The {@code fwd} values RFC 9211 §2.2 defines. */
    public static final Set<String> FWD_REASONS = Set.of("bypass", "method", "uri-miss", "vary-miss", "miss",
            "request", "stale", "partial");

    private final String cache;
    private final boolean hit;
    private final String fwd;
    private final int fwdStatus;
    private final Long ttl;
    private final boolean stored;
    private final boolean collapsed;
    private final String key;
    private final String detail;

    private CacheStatus(String cache, boolean hit, String fwd, int fwdStatus, Long ttl, boolean stored,
                        boolean collapsed, String key, String detail) {
        this.cache = cache;
        this.hit = hit;
        this.fwd = fwd;
        this.fwdStatus = fwdStatus;
        this.ttl = ttl;
        this.stored = stored;
        this.collapsed = collapsed;
        this.key = key;
        this.detail = detail;
    }

    /**
     * A member for the cache named {@code cacheName}: as is when it is an sf-token, else as an sf-string.
     *
     * @throws IllegalArgumentException when the name is empty or has characters outside printable ASCII
     */
    public static CacheStatus of(String cacheName) {
        Objects.requireNonNull(cacheName, "cacheName");
        for (int i = 0; i < cacheName.length(); i++) {
            char c = cacheName.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("cacheName: \"" + cacheName
                        + "\" (expected: printable ASCII, e.g. edgeweave or \"node 7\")");
            }
        }
        if (cacheName.isEmpty()) {
            throw new IllegalArgumentException("cacheName: \"\" (expected: a non-empty name)");
        }
        String id = StructuredFields.isSfToken(cacheName) ? cacheName : StructuredFields.sfString(cacheName);
        return new CacheStatus(id, false, null, 0, null, false, false, null, null);
    }

    /** Served from cache without going forward. */
    public CacheStatus hit() {
        return new CacheStatus(cache, true, fwd, fwdStatus, ttl, stored, collapsed, key, detail);
    }

    /**
     * Went forward, because: bypass, method, uri-miss, vary-miss, miss, request, stale, partial.
     *
     * @throws IllegalArgumentException for any other value
     */
    public CacheStatus fwd(String reason) {
        if (!FWD_REASONS.contains(reason)) {
            throw new IllegalArgumentException("fwd: \"" + reason + "\" (expected: one of " + FWD_REASONS + ")");
        }
        return new CacheStatus(cache, hit, reason, fwdStatus, ttl, stored, collapsed, key, detail);
    }

    /**
     * The status the next hop answered with.
     *
     * @throws IllegalArgumentException outside 100..599
     */
    public CacheStatus fwdStatus(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("fwdStatus: " + status + " (expected: 100..599)");
        }
        return new CacheStatus(cache, hit, fwd, status, ttl, stored, collapsed, key, detail);
    }

    /**
     * Remaining freshness in seconds, negative when stale.
     *
     * @throws IllegalArgumentException beyond the 15 digits an sf-integer holds
     */
    public CacheStatus ttl(long seconds) {
        if (Math.abs(seconds) > 999_999_999_999_999L) {
            throw new IllegalArgumentException("ttl: " + seconds + " (expected: at most 15 digits)");
        }
        return new CacheStatus(cache, hit, fwd, fwdStatus, seconds, stored, collapsed, key, detail);
    }

    /** The response forwarded was stored. */
    public CacheStatus stored() {
        return new CacheStatus(cache, hit, fwd, fwdStatus, ttl, true, collapsed, key, detail);
    }

    /** The request was collapsed with another one going forward. */
    public CacheStatus collapsed() {
        return new CacheStatus(cache, hit, fwd, fwdStatus, ttl, stored, true, key, detail);
    }

    /** The cache key (sf-string; characters outside printable ASCII become '?'). */
    public CacheStatus key(String key) {
        Objects.requireNonNull(key, "key");
        return new CacheStatus(cache, hit, fwd, fwdStatus, ttl, stored, collapsed, key, detail);
    }

    /** Free-form detail (sf-string; characters outside printable ASCII become '?'). */
    public CacheStatus detail(String detail) {
        Objects.requireNonNull(detail, "detail");
        return new CacheStatus(cache, hit, fwd, fwdStatus, ttl, stored, collapsed, key, detail);
    }

    /** The list member, e.g. {@code edgeweave; hit; ttl=376}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(cache);
        if (hit) {
            sb.append("; hit");
        }
        if (fwd != null) {
            sb.append("; fwd=").append(fwd);
        }
        if (fwdStatus != 0) {
            sb.append("; fwd-status=").append(fwdStatus);
        }
        if (ttl != null) {
            sb.append("; ttl=").append(ttl.longValue());
        }
        if (stored) {
            sb.append("; stored");
        }
        if (collapsed) {
            sb.append("; collapsed");
        }
        if (key != null) {
            sb.append("; key=").append(StructuredFields.sfString(key));
        }
        if (detail != null) {
            sb.append("; detail=").append(StructuredFields.sfString(detail));
        }
        return sb.toString();
    }

    /**
     * The Cache-Status value to send: {@code member} appended to the one received from upstream (closest to
     * the origin first, RFC 9211 §2); just {@code member} when {@code received} is null or blank.
     */
    public static String append(String received, String member) {
        Objects.requireNonNull(member, "member");
        return received == null || received.isBlank() ? member : received.trim() + ", " + member;
    }
}
