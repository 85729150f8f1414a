package dev.edgeweave.cache.policy;

import java.util.Set;

/**
 * Which directives this cache obeys for a response (RFC 9213). When the response carries a valid, non-empty
 * {@code CDN-Cache-Control}, that field replaces {@code Cache-Control} <em>and</em> {@code Expires} entirely
 * for this cache (RFC 9213 §2.2); otherwise Cache-Control (and Expires) apply. Either way the fields are
 * forwarded unchanged to viewers: RFC 9213 lets a CDN forward CDN-Cache-Control, and a downstream CDN
 * relying on it is the common case; hence {@link #headersToStripDownstream()} is empty.
 */
public final class ResponsePolicy {

    /** The targeted field for CDN caches (RFC 9213 §3). */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    private ResponsePolicy() {
    }

    /** The directives this cache obeys: CDN-Cache-Control when valid and non-empty, else Cache-Control. */
    public static CacheControl effective(HeaderView response) {
        return CacheControl.parseTargeted(response, CDN_CACHE_CONTROL)
                .orElseGet(() -> CacheControl.parse(response, "Cache-Control"));
    }

    /** True when a valid, non-empty CDN-Cache-Control is in force, so Cache-Control and Expires are ignored. */
    public static boolean targeted(HeaderView response) {
        return CacheControl.parseTargeted(response, CDN_CACHE_CONTROL).isPresent();
    }

    /** Response fields the edge removes before sending downstream: none (see the class comment). */
    public static Set<String> headersToStripDownstream() {
        return Set.of();
    }
}
