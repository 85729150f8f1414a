package dev.edgeweave.edge.http;

import dev.edgeweave.cache.Header;
import dev.edgeweave.cache.StoredHead;
import dev.edgeweave.cache.policy.ByteRanges;
import dev.edgeweave.cache.policy.CacheStatus;
import dev.edgeweave.cache.policy.Conditional;
import dev.edgeweave.cache.policy.Freshness;
import dev.edgeweave.cache.policy.HeaderView;
import dev.edgeweave.cache.policy.HopByHop;
import dev.edgeweave.cache.policy.IfRange;
import dev.edgeweave.cache.policy.ReprDigest;
import dev.edgeweave.cache.policy.Storability;
import dev.edgeweave.cache.policy.Validation;
import dev.edgeweave.cache.policy.Vary;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge's view of the RFC 9110/9111/9211/9213/9530 rules: thin adapters from stored heads and Netty
 * headers onto the pure functions of {@code dev.edgeweave.cache.policy}, so the flows read as prose.
 */
final class EdgePolicy {

    /** Result of {@link #range} when the range cannot be satisfied (416). */
    static final long[] UNSATISFIABLE = new long[0];

    /** Header of the marker stored at a URL whose response varies; its body lives under variant keys. */
    static final String VARIANTS_MARKER = "EdgeWeave-Variants";

    enum State { FRESH, STALE_WHILE_REVALIDATE, STALE }

    /** A freshness verdict: what to do, remaining ttl, and whether stale-if-error would allow stale. */
    record Fresh(State state, long ttlSeconds, boolean staleIfError, String reason) {}

    private final String nodeName;

    EdgePolicy(String nodeName) {
        this.nodeName = nodeName;
    }

    CacheStatus cacheStatus() {
        return CacheStatus.of(nodeName);
    }

    Storability.Decision storable(String method, HeaderView request, int status, HeaderView response) {
        return Storability.decide(method, request, status, response);
    }

    boolean reusableWithAuthorization(StoredHead head) {
        return Storability.reusableWithAuthorization(head);
    }

    Fresh freshness(HeaderView request, StoredHead head, long now) {
        Freshness.Verdict v = Freshness.evaluate(request, head.status(), head, head.requestTimeMillis(),
                head.responseTimeMillis(), now);
        State s = switch (v.state()) {
            case FRESH, STALE_ACCEPTED -> State.FRESH;
            case STALE_WHILE_REVALIDATE -> State.STALE_WHILE_REVALIDATE;
            case REVALIDATE -> State.STALE;
        };
        return new Fresh(s, v.ttlSeconds(), v.staleIfError(), v.reason());
    }

    long ageSeconds(StoredHead head, long now) {
        return Freshness.ageSeconds(head, head.requestTimeMillis(), head.responseTimeMillis(), now);
    }

    List<Header> revalidationHeaders(StoredHead stale) {
        List<Header> out = new ArrayList<>();
        for (Map.Entry<String, String> e : Validation.revalidationHeaders(stale)) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The stored header list updated from a 304's fields (RFC 9111 §3.2). */
    List<Header> freshen(StoredHead stored, HttpHeaders notModified, long receivedAt) {
        List<Map.Entry<String, String>> old = new ArrayList<>();
        for (Header h : stored.headers()) {
            old.add(new AbstractMap.SimpleImmutableEntry<>(h.name(), h.value()));
        }
        List<Header> out = new ArrayList<>();
        for (Map.Entry<String, String> e : Validation.freshen(old, notModified, receivedAt)) {
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }

    Conditional.Outcome conditional(String method, HeaderView request, StoredHead head) {
        return Conditional.evaluate(method, request, head.status(), head);
    }

    /** The secondary key of a request for a response's Vary fields; empty for {@code Vary: *} (never matches). */
    Optional<String> varyKey(HeaderView response, HeaderView request) {
        return Vary.secondaryKey(response, request);
    }

    Optional<byte[]> reprDigestSha256(HeaderView h) {
        return ReprDigest.sha256(h);
    }

    /** {first, last, total} from {@code bytes first-last/total}, or null if malformed or total unknown. */
    long[] contentRange(String value) {
        if (value == null || !value.startsWith("bytes ")) {
            return null;
        }
        try {
            String v = value.substring(6).trim();
            int dash = v.indexOf('-');
            int slash = v.indexOf('/');
            if (dash <= 0 || slash <= dash) {
                return null;
            }
            long first = Long.parseLong(v.substring(0, dash));
            long last = Long.parseLong(v.substring(dash + 1, slash));
            String total = v.substring(slash + 1);
            if (total.equals("*")) {
                return null;
            }
            long t = Long.parseLong(total);
            return first <= last && last < t ? new long[] {first, last, t} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** First byte a Range header asks for when it is known without the length; -1 otherwise. */
    long firstByteOfRange(String range) {
        return ByteRanges.spec(range).map(s -> s.suffixLength() >= 0 ? -1L : s.first()).orElse(-1L);
    }

    boolean ifRangeAllows(String ifRange, StoredHead head) {
        return ifRange == null || IfRange.allows(ifRange, head);
    }

    /** {first, last} to serve, {@link #UNSATISFIABLE}, or null to ignore the Range and send 200. */
    long[] range(String header, long length) {
        ByteRanges.Result r = ByteRanges.parse(header, length);
        if (r instanceof ByteRanges.Satisfiable s) {
            return new long[] {s.first(), s.last()};
        }
        if (r instanceof ByteRanges.Unsatisfiable) {
            return UNSATISFIABLE;
        }
        return null;
    }

    boolean hopByHop(String name, HeaderView message) {
        return HopByHop.isHopByHop(name, message);
    }
}
