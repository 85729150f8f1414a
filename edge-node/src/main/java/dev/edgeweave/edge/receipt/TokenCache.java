package dev.edgeweave.edge.receipt;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.SignedToken;
import java.security.SignatureException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Viewer tokens as they arrive in {@code EdgeWeave-Token} headers, verified once and remembered by
 * header value: decoded, signed by a registered publisher, not expired. Runs on the event loops (a
 * lookup is one map read; a token seen for the first time costs one Ed25519 verification, about 60 µs).
 * A token of a publisher the node does not know yet is asked again after {@link #RECHECK_MILLIS} (the
 * publisher table may lag); malformed and badly signed tokens stay refused. Bounded: past
 * {@link #MAX_ENTRIES} headers the cache starts over.
 */
final class TokenCache {

    /** How long an "unknown publisher" answer is kept before the publisher table is asked again. */
    static final long RECHECK_MILLIS = 10_000;
    static final int MAX_ENTRIES = 100_000;

    /** A header's verdict: {@code token} when it is usable, else why not. */
    record Entry(SignedToken token, String refusal, long recheckAt) {
        boolean valid() {
            return token != null;
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Supplier<Set<Ed25519PublicKey>> publishers;
    private final LongSupplier clock;

    TokenCache(Supplier<Set<Ed25519PublicKey>> publishers, LongSupplier clock) {
        this.publishers = Objects.requireNonNull(publishers, "publishers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The token in {@code header} if it is well-formed, signed by a registered publisher and valid at
     * the current time; otherwise null.
     */
    SignedToken usable(String header) {
        if (header == null) {
            return null;
        }
        long now = clock.getAsLong();
        Entry e = entries.get(header);
        if (e == null || (!e.valid() && e.recheckAt() <= now)) {
            e = verify(header, now);
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(header, e);
        }
        return e.valid() && e.token().token().isValidAt(now) ? e.token() : null;
    }

    /** The verdict on {@code header} (cached or fresh), for error messages. */
    Entry check(String header) {
        SignedToken t = usable(header);
        Entry e = entries.get(header);
        return t != null || e == null ? new Entry(t, null, 0) : e.valid()
                ? new Entry(null, "token " + e.token().tokenId() + " is not valid at " + clock.getAsLong()
                        + " (valid from " + e.token().token().notBeforeMillis() + " until "
                        + e.token().token().expiresMillis() + ")", 0) : e;
    }

    int size() {
        return entries.size();
    }

    private Entry verify(String header, long now) {
        SignedToken token;
        try {
            token = SignedToken.fromHeaderValue(header);
        } catch (DecodeException e) {
            return new Entry(null, e.getMessage(), Long.MAX_VALUE);
        }
        if (!publishers.get().contains(token.token().publisher())) {
            return new Entry(null, "token " + token.tokenId() + " is from publisher " + token.token().publisher().hex()
                    + ", which is not registered with the tracker", now + RECHECK_MILLIS);
        }
        try {
            token.verify();
        } catch (SignatureException e) {
            return new Entry(null, e.getMessage(), Long.MAX_VALUE);
        }
        return new Entry(token, null, 0);
    }
}
