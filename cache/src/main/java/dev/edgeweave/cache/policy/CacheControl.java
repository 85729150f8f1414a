package dev.edgeweave.cache.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cache directives of one message (RFC 9111 §5.2), request or response, parsed once. Seconds.
 *
 * <p>Parsing is tolerant and errs towards caching less (RFC 9111 §4.2.1, §1.2.2):
 * <ul>
 *   <li>names are case-insensitive; values may be tokens or quoted-strings ({@code max-age="60"});</li>
 *   <li>a delta-seconds past 2^31 is taken as 2^31;</li>
 *   <li>{@code max-age} / {@code s-maxage} with an invalid value (negative, fraction, text, missing), or
 *       repeated with different values, are taken as 0: the response is stale at once;</li>
 *   <li>repeated {@code stale-while-revalidate}, {@code stale-if-error}, {@code max-stale}: the smallest;
 *       repeated {@code min-fresh}: the largest; an invalid value for one of those: the directive is
 *       ignored;</li>
 *   <li>{@code no-cache} / {@code private} with and without field names: the unqualified form wins;
 *       several qualified forms: the union of the names (lower case);</li>
 *   <li>unknown directives are ignored.</li>
 * </ul>
 *
 * @param maxAge max-age (response: freshness lifetime; request: the oldest age the client accepts)
 * @param sMaxage s-maxage (responses; shared caches only; implies proxy-revalidate)
 * @param noStore no-store
 * @param noCache no-cache, qualified or not
 * @param noCacheFields field names of a qualified no-cache (lower case), empty when unqualified or absent
 * @param isPrivate private, qualified or not
 * @param privateFields field names of a qualified private (lower case), empty when unqualified or absent
 * @param isPublic public
 * @param mustRevalidate must-revalidate
 * @param proxyRevalidate proxy-revalidate
 * @param mustUnderstand must-understand
 * @param noTransform no-transform
 * @param immutable immutable (RFC 8246)
 * @param staleWhileRevalidate stale-while-revalidate (RFC 5861)
 * @param staleIfError stale-if-error (RFC 5861, request or response)
 * @param maxStale max-stale (requests): {@link #UNBOUNDED} when given without a value
 * @param minFresh min-fresh (requests)
 * @param onlyIfCached only-if-cached (requests)
 */
public record CacheControl(OptionalLong maxAge, OptionalLong sMaxage, boolean noStore, boolean noCache,
                           List<String> noCacheFields, boolean isPrivate, List<String> privateFields,
                           boolean isPublic, boolean mustRevalidate, boolean proxyRevalidate,
                           boolean mustUnderstand, boolean noTransform, boolean immutable,
                           OptionalLong staleWhileRevalidate, OptionalLong staleIfError, OptionalLong maxStale,
                           OptionalLong minFresh, boolean onlyIfCached) {

    /** {@link #maxStale()} of a {@code max-stale} without a value: any staleness is accepted. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** No directive at all. */
    public static final CacheControl NONE = new CacheControl(OptionalLong.empty(), OptionalLong.empty(), false,
            false, List.of(), false, List.of(), false, false, false, false, false, false, OptionalLong.empty(),
            OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), false);

    /** Checks and copies. */
    public CacheControl {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(sMaxage, "sMaxage");
        noCacheFields = List.copyOf(Objects.requireNonNull(noCacheFields, "noCacheFields"));
        privateFields = List.copyOf(Objects.requireNonNull(privateFields, "privateFields"));
        Objects.requireNonNull(staleWhileRevalidate, "staleWhileRevalidate");
        Objects.requireNonNull(staleIfError, "staleIfError");
        Objects.requireNonNull(maxStale, "maxStale");
        Objects.requireNonNull(minFresh, "minFresh");
    }

    /**
     * Parses every line of {@code headerName} (normally "Cache-Control") with the Cache-Control syntax of
     * RFC 9111 §5.2; {@link #NONE} when absent.
     */
    public static CacheControl parse(HeaderView h, String headerName) {
        List<String> tokens = h.tokens(headerName);
        if (tokens.isEmpty()) {
            return NONE;
        }
        Builder b = new Builder();
        for (String t : tokens) {
            int eq = t.indexOf('=');
            String name = (eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : Tokens.unquote(t.substring(eq + 1).trim());
            b.directive(name, value);
        }
        return b.build();
    }

    /**
     * Parses a targeted field (RFC 9213, e.g. "CDN-Cache-Control") as the Structured Fields dictionary it
     * is. Empty when the field is absent, empty, or fails to parse: then the cache falls back to
     * Cache-Control. Members of the wrong type (e.g. {@code max-age="60"}, {@code max-age=1.5}) are ignored;
     * a negative max-age or s-maxage counts as 0; parameters are ignored.
     */
    public static Optional<CacheControl> parseTargeted(HeaderView h, String headerName) {
        List<String> lines = h.all(headerName);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        Map<String, StructuredFields.Member> dict;
        try {
            dict = StructuredFields.parseDictionary(lines);
        } catch (StructuredFields.ParseException e) {
            return Optional.empty();
        }
        if (dict.isEmpty()) {
            return Optional.empty();
        }
        Builder b = new Builder();
        for (Map.Entry<String, StructuredFields.Member> e : dict.entrySet()) {
            Object v = e.getValue().value();
            String name = e.getKey();
            switch (name) {
                case "max-age", "s-maxage", "stale-while-revalidate", "stale-if-error" -> {
                    if (v instanceof Long n) {
                        boolean lifetime = name.equals("max-age") || name.equals("s-maxage");
                        if (n >= 0 || lifetime) {
                            b.directive(name, Long.toString(Math.max(0, n)));
                        }
                    }
                }
                case "no-cache", "private" -> {
                    if (Boolean.TRUE.equals(v)) {
                        b.directive(name, null);
                    } else if (v instanceof String fields) {
                        b.directive(name, fields);
                    }
                }
                default -> {
                    if (Boolean.TRUE.equals(v) && RESPONSE_FLAGS.contains(name)) {
                        b.directive(name, null);
                    }
                }
            }
        }
        return Optional.of(b.build());
    }

    private static final Set<String> RESPONSE_FLAGS = Set.of("no-store", "public", "must-revalidate",
            "proxy-revalidate", "must-understand", "no-transform", "immutable");

    /** Accumulates directives, resolving repeats and invalid values as the class comment says. */
    private static final class Builder {
        private long maxAge = -1;
        private long sMaxage = -1;
        private boolean noStore;
        private boolean noCache;
        private boolean noCacheUnqualified;
        private final Set<String> noCacheFields = new TreeSet<>();
        private boolean isPrivate;
        private boolean privateUnqualified;
        private final Set<String> privateFields = new TreeSet<>();
        private boolean isPublic;
        private boolean mustRevalidate;
        private boolean proxyRevalidate;
        private boolean mustUnderstand;
        private boolean noTransform;
        private boolean immutable;
        private long swr = -1;
        private long sie = -1;
        private long maxStale = -1;
        private long minFresh = -1;
        private boolean onlyIfCached;

        void directive(String name, String value) {
            switch (name) {
                case "max-age" -> maxAge = lifetime(maxAge, value);
                case "s-maxage" -> sMaxage = lifetime(sMaxage, value);
                case "no-store" -> noStore = true;
                case "no-cache" -> {
                    noCache = true;
                    noCacheUnqualified |= !fieldNames(value, noCacheFields);
                }
                case "private" -> {
                    isPrivate = true;
                    privateUnqualified |= !fieldNames(value, privateFields);
                }
                case "public" -> isPublic = true;
                case "must-revalidate" -> mustRevalidate = true;
                case "proxy-revalidate" -> proxyRevalidate = true;
                case "must-understand" -> mustUnderstand = true;
                case "no-transform" -> noTransform = true;
                case "immutable" -> immutable = true;
                case "stale-while-revalidate" -> swr = smallest(swr, Tokens.deltaSeconds(value));
                case "stale-if-error" -> sie = smallest(sie, Tokens.deltaSeconds(value));
                case "max-stale" -> maxStale = smallest(maxStale,
                        value == null ? UNBOUNDED : Tokens.deltaSeconds(value));
                case "min-fresh" -> minFresh = Math.max(minFresh, Tokens.deltaSeconds(value));
                case "only-if-cached" -> onlyIfCached = true;
                default -> {
                    // Unknown extension directives are ignored (RFC 9111 §5.2.3).
                }
            }
        }

        /** max-age / s-maxage: invalid or conflicting repeats mean 0 (stale). */
        private static long lifetime(long previous, String value) {
            long v = Tokens.deltaSeconds(value);
            if (v < 0) {
                return 0;
            }
            return previous >= 0 && previous != v ? 0 : v;
        }

        /** The smaller valid value; an invalid one (-1) leaves the previous. */
        private static long smallest(long previous, long v) {
            if (v < 0) {
                return previous;
            }
            return previous < 0 ? v : Math.min(previous, v);
        }

        /** Adds a qualified form's names; false when the form is unqualified (no value or no names). */
        private static boolean fieldNames(String value, Set<String> into) {
            if (value == null) {
                return false;
            }
            boolean any = false;
            for (String f : value.split(",")) {
                String n = f.trim().toLowerCase(Locale.ROOT);
                if (!n.isEmpty()) {
                    into.add(n);
                    any = true;
                }
            }
            return any;
        }

        private static OptionalLong opt(long v) {
            return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
        }

        CacheControl build() {
            return new CacheControl(opt(maxAge), opt(sMaxage), noStore, noCache,
                    noCacheUnqualified ? List.of() : List.copyOf(noCacheFields), isPrivate,
                    privateUnqualified ? List.of() : List.copyOf(privateFields), isPublic, mustRevalidate,
                    proxyRevalidate, mustUnderstand, noTransform, immutable, opt(swr), opt(sie), opt(maxStale),
                    opt(minFresh), onlyIfCached);
        }
    }

    /** True when the response may not be served stale at all: must-revalidate, proxy-revalidate or s-maxage. */
    public boolean forbidsStale() {
        return mustRevalidate || proxyRevalidate || sMaxage.isPresent();
    }
}
