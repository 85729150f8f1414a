package dev.edgeweave.cache.policy;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a shared cache may store a response (RFC 9111 §3, §3.5), as one decision with a short reason for
 * the {@code Cache-Status} detail.
 *
 * <p>Only GET responses are stored (a HEAD response may freshen a stored GET response, RFC 9111 §4.3.5, but
 * is never stored itself). 206 is never stored as a whole object; 304 only freshens. A response with
 * {@code Vary: *} is not stored since it could never be reused (RFC 9111 §4.1).
 */
public final class Storability {

    /**
     * The decision.
     *
     * @param storable whether the response may be stored
     * @param reason {@link #CACHEABLE} when storable, else a short reason: "method", "status", "partial",
     *               "not-modified", "no-store", "must-understand", "private", "authorization", "vary-star",
     *               "no-freshness"
     */
    public record Decision(boolean storable, String reason) {
        /** Checks the reason is present. */
        public Decision {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The reason of every storable decision. */
    public static final String CACHEABLE = "cacheable";

    private static final Decision STORE = new Decision(true, CACHEABLE);

    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414,
            501);

    /**
     * Final statuses whose caching rules this cache implements, for must-understand: those of RFC 9110 (206
     * and 304 aside, never stored whole), 429 (RFC 6585) and 451 (RFC 7725).
     */
    private static final Set<Integer> UNDERSTOOD = Set.of(200, 201, 202, 203, 204, 205, 300, 301, 302, 303, 305,
            307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
            421, 422, 426, 429, 451, 500, 501, 502, 503, 504, 505);

    private Storability() {
    }

    /**
     * Decides for a response to {@code method} with {@code request} headers, final status and response headers,
     * using the effective directives ({@link ResponsePolicy#effective}).
     */
    public static Decision decide(String method, HeaderView request, int status, HeaderView response) {
        if (!"GET".equals(method)) {
            return no("method");
        }
        if (status < 200 || status > 599) {
            return no("status");
        }
        if (status == 206) {
            return no("partial");
        }
        if (status == 304) {
            return no("not-modified");
        }
        if (CacheControl.parse(request, "Cache-Control").noStore()) {
            return no("no-store");
        }
        Optional<CacheControl> targeted = CacheControl.parseTargeted(response, ResponsePolicy.CDN_CACHE_CONTROL);
        CacheControl cc = targeted.orElseGet(() -> CacheControl.parse(response, "Cache-Control"));
        if (cc.mustUnderstand()) {
            // RFC 9111 §5.2.2.3: store only when the status is understood, and then ignore no-store.
            if (!UNDERSTOOD.contains(status)) {
                return no("must-understand");
            }
        } else if (cc.noStore()) {
            return no("no-store");
        }
        if (cc.isPrivate()) {
            // A qualified private="field" is treated as unqualified: nothing is stored (RFC 9111 §5.2.2.7 MAY).
            return no("private");
        }
        if (request.contains("Authorization") && !authorizationAllowed(cc)) {
            return no("authorization");
        }
        if (Vary.fields(response).contains("*")) {
            return no("vary-star");
        }
        boolean explicit = cc.isPublic() || cc.maxAge().isPresent() || cc.sMaxage().isPresent()
                || (targeted.isEmpty() && response.contains("Expires"));
        if (!explicit && !heuristicallyCacheable(status)) {
            return no("no-freshness");
        }
        return STORE;
    }

    private static Decision no(String reason) {
        return new Decision(false, reason);
    }

    private static boolean authorizationAllowed(CacheControl cc) {
        return cc.mustRevalidate() || cc.isPublic() || cc.sMaxage().isPresent();
    }

    /**
     * RFC 9111 §3.5: whether a response to a request with {@code Authorization} may be stored and reused by this
     * shared cache: only with must-revalidate, public or s-maxage (in the effective directives).
     */
    public static boolean reusableWithAuthorization(HeaderView response) {
        return authorizationAllowed(ResponsePolicy.effective(response));
    }

    /** RFC 9110 §15.1: 200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501. */
    public static boolean heuristicallyCacheable(int status) {
        return HEURISTIC.contains(status);
    }
}
