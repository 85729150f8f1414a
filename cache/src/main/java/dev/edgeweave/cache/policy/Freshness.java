package dev.edgeweave.cache.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Freshness and age of a stored response (RFC 9111 §4.2, RFC 5861) as functions of the stored headers, the
 * times the response was requested and received, and {@code now}; all times in epoch milliseconds.
 */
public final class Freshness {

    /** Heuristic freshness cap: 10% of (Date − Last-Modified), at most one day. */
    public static final long HEURISTIC_CAP_MILLIS = 24L * 3600 * 1000;

    private Freshness() {
    }

    /** What the cache may do with a stored response for one request. */
    public enum State {
        /** Serve from cache. */
        FRESH,
        /** Stale, but the request's {@code max-stale} accepts it: serve from cache, no revalidation. */
        STALE_ACCEPTED,
        /** Stale within {@code stale-while-revalidate}: serve from cache now and revalidate in the background. */
        STALE_WHILE_REVALIDATE,
        /** Revalidate (or refetch) before serving. */
        REVALIDATE
    }

    /**
     * The verdict for one request.
     *
     * @param state what to do
     * @param ageMillis current age (RFC 9111 §4.2.3)
     * @param lifetimeMillis freshness lifetime (RFC 9111 §4.2.1)
     * @param staleIfError whether, if revalidation fails (connection error or 500, 502, 503, 504), the stored
     *                     response may be served instead (stale-if-error within its window, never with
     *                     must-revalidate / proxy-revalidate / s-maxage or no-cache)
     * @param onlyIfCached the request said only-if-cached: never contact the origin; answer 504 when the state
     *                     is {@link State#REVALIDATE}
     * @param reason why, short: "fresh", "stale", "no-cache", "max-stale", "stale-while-revalidate",
     *               "request no-cache", "request max-age", "request min-fresh"
     */
    public record Verdict(State state, long ageMillis, long lifetimeMillis, boolean staleIfError,
                          boolean onlyIfCached, String reason) {
        /** Checks the state and reason are present. */
        public Verdict {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(reason, "reason");
        }

        /** Remaining freshness, negative when stale. */
        public long ttlMillis() {
            return lifetimeMillis - ageMillis;
        }

        /** Remaining freshness in whole seconds (rounded down, negative when stale), for Cache-Status {@code ttl}. */
        public long ttlSeconds() {
            return Math.floorDiv(ttlMillis(), 1000);
        }

        /** Current age in whole seconds, for the {@code Age} header. */
        public long ageSeconds() {
            return ageMillis / 1000;
        }

        /**
         * RFC 9211 {@code fwd} for a {@link State#REVALIDATE}: "request" when the request's directives forced
         * it, "stale" otherwise.
         */
        public String fwd() {
            return reason.startsWith("request ") ? "request" : "stale";
        }
    }

    /**
     * Freshness lifetime of a response for this shared cache (RFC 9111 §4.2.1), from the effective directives
     * ({@link ResponsePolicy#effective}): s-maxage, else max-age, else Expires − Date, else (heuristically
     * cacheable status or public, and Last-Modified) 10% of (Date − Last-Modified) capped at
     * {@link #HEURISTIC_CAP_MILLIS}, else 0. A missing or invalid Date counts as {@code responseTime}. An
     * invalid Expires, or several different ones, means already expired (0).
     */
    public static long lifetime(int status, HeaderView response, long responseTime) {
        Optional<CacheControl> targeted = CacheControl.parseTargeted(response, ResponsePolicy.CDN_CACHE_CONTROL);
        CacheControl cc = targeted.orElseGet(() -> CacheControl.parse(response, "Cache-Control"));
        return lifetime(status, response, responseTime, cc, targeted.isPresent());
    }

    private static long lifetime(int status, HeaderView response, long responseTime, CacheControl cc,
                                 boolean targeted) {
        if (cc.sMaxage().isPresent()) {
            return cc.sMaxage().getAsLong() * 1000;
        }
        if (cc.maxAge().isPresent()) {
            return cc.maxAge().getAsLong() * 1000;
        }
        long date = date(response, responseTime);
        List<String> expires = targeted ? List.of() : response.all("Expires");
        if (!expires.isEmpty()) {
            if (expires.stream().map(String::trim).distinct().count() > 1) {
                return 0;
            }
            OptionalLong e = HttpDates.parse(expires.get(0));
            return e.isPresent() ? Math.max(0, e.getAsLong() - date) : 0;
        }
        if (Storability.heuristicallyCacheable(status) || cc.isPublic()) {
            OptionalLong lm = HttpDates.parse(response.first("Last-Modified"));
            if (lm.isPresent() && date > lm.getAsLong()) {
                return Math.min((date - lm.getAsLong()) / 10, HEURISTIC_CAP_MILLIS);
            }
        }
        return 0;
    }

    /** The Date header, or the receipt time when it is missing or invalid (RFC 9110 §6.6.1). */
    private static long date(HeaderView response, long responseTime) {
        OptionalLong d = HttpDates.parse(response.first("Date"));
        return d.isPresent() ? d.getAsLong() : responseTime;
    }

    /**
     * Current age (RFC 9111 §4.2.3): the larger of apparent age (receipt − Date) and received Age + response
     * delay, plus the time resident here. Never negative.
     */
    public static long currentAge(HeaderView stored, long requestTime, long responseTime, long now) {
        long apparentAge = Math.max(0, responseTime - date(stored, responseTime));
        List<String> ages = stored.tokens("Age");
        long ageValue = ages.isEmpty() ? 0 : Math.max(0, Tokens.deltaSeconds(ages.get(0))) * 1000;
        long responseDelay = Math.max(0, responseTime - requestTime);
        long correctedInitialAge = Math.max(apparentAge, ageValue + responseDelay);
        long residentTime = Math.max(0, now - responseTime);
        return correctedInitialAge + residentTime;
    }

    /** The {@code Age} value to send: current age in whole seconds, capped at 2^31. */
    public static long ageSeconds(HeaderView stored, long requestTime, long responseTime, long now) {
        return Math.min(currentAge(stored, requestTime, responseTime, now) / 1000, Tokens.DELTA_SECONDS_CAP);
    }

    /**
     * Decides how a stored response may serve {@code request} at {@code now}, honouring the request's
     * directives (no-cache, max-age, min-fresh, max-stale, only-if-cached, stale-if-error) and the response's
     * effective ones (no-cache, must-revalidate, proxy-revalidate, s-maxage, stale-while-revalidate,
     * stale-if-error).
     *
     * @param request the viewer's request headers
     * @param status the stored status (for heuristic freshness)
     * @param stored the stored response headers
     */
    public static Verdict evaluate(HeaderView request, int status, HeaderView stored, long requestTime,
                                   long responseTime, long now) {
        CacheControl rq = CacheControl.parse(request, "Cache-Control");
        Optional<CacheControl> targeted = CacheControl.parseTargeted(stored, ResponsePolicy.CDN_CACHE_CONTROL);
        CacheControl cc = targeted.orElseGet(() -> CacheControl.parse(stored, "Cache-Control"));
        long lifetime = lifetime(status, stored, responseTime, cc, targeted.isPresent());
        long age = currentAge(stored, requestTime, responseTime, now);
        long staleness = age - lifetime; // >= 0: stale (RFC 9111 §4.2: fresh when lifetime > age)
        boolean fresh = staleness < 0;
        boolean noStale = cc.forbidsStale();
        boolean staleIfError = !cc.noCache() && (fresh || !noStale && (within(staleness, cc.staleIfError())
                || within(staleness, rq.staleIfError())));
        boolean onlyIfCached = rq.onlyIfCached();

        State state;
        String reason;
        if (rq.noCache()) {
            state = State.REVALIDATE;
            reason = "request no-cache";
        } else if (cc.noCache()) {
            // A qualified no-cache="field" is treated as unqualified: always revalidate (RFC 9111 §5.2.2.4 MAY).
            state = State.REVALIDATE;
            reason = "no-cache";
        } else if (rq.maxAge().isPresent() && age > rq.maxAge().getAsLong() * 1000) {
            state = State.REVALIDATE;
            reason = "request max-age";
        } else if (rq.minFresh().isPresent() && lifetime - age < rq.minFresh().getAsLong() * 1000) {
            state = State.REVALIDATE;
            reason = "request min-fresh";
        } else if (fresh) {
            state = State.FRESH;
            reason = "fresh";
        } else if (noStale) {
            state = State.REVALIDATE;
            reason = cc.mustRevalidate() ? "must-revalidate"
                    : cc.proxyRevalidate() ? "proxy-revalidate" : "s-maxage";
        } else if (within(staleness, rq.maxStale())) {
            state = State.STALE_ACCEPTED;
            reason = "max-stale";
        } else if (within(staleness, cc.staleWhileRevalidate())
                && !(rq.maxAge().isPresent() && rq.maxStale().isEmpty())) {
            // A request max-age without max-stale says the client does not want a stale response.
            state = State.STALE_WHILE_REVALIDATE;
            reason = "stale-while-revalidate";
        } else {
            state = State.REVALIDATE;
            reason = "stale";
        }
        return new Verdict(state, age, lifetime, staleIfError, onlyIfCached, reason);
    }

    /** Whether a staleness (ms, >= 0) is within a window of seconds, edges included. */
    private static boolean within(long staleness, OptionalLong windowSeconds) {
        if (windowSeconds.isEmpty()) {
            return false;
        }
        long w = windowSeconds.getAsLong();
        return w == CacheControl.UNBOUNDED || staleness <= w * 1000;
    }
}
