package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Single-use registration nonces: 32 random bytes, valid for {@link #ttl()}, stored in the
 * database so that any tracker replica accepts a nonce issued by another, and exactly once.
 * At most {@code maxOutstanding} unexpired nonces exist at a time, so {@code GET /v1/nonce} cannot
 * fill the database.
 */
public final class Nonces {

    /** Default lifetime of a nonce. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    /** Default cap on unexpired nonces. */
    public static final int DEFAULT_MAX_OUTSTANDING = 10_000;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final Store store;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration ttl;
    private final int maxOutstanding;

    public Nonces(Store store, Clock clock, SecureRandom random, Duration ttl, int maxOutstanding) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding: " + maxOutstanding + " (expected: >= 1)");
        }
        this.maxOutstanding = maxOutstanding;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * A fresh nonce (64 lowercase hex digits).
     *
     * @throws RegistryException {@code UNAVAILABLE / too_many_nonces} when the cap is reached
     */
    public String issue() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        String nonce = HexFormat.of().formatHex(b);
        long now = clock.millis();
        if (!store.addNonce(nonce, now + ttl.toMillis(), now, maxOutstanding)) {
            throw new RegistryException(RegistryException.Kind.UNAVAILABLE, "too_many_nonces",
                    "nonce: " + maxOutstanding + " unexpired nonces outstanding (expected: fewer; retry in "
                            + ttl.toSeconds() + " s)");
        }
        return nonce;
    }

    /**
     * Uses up {@code nonce}.
     *
     * @throws RegistryException {@code INVALID / bad_nonce} if it is malformed, unknown, already used or expired
     */
    public void consume(String nonce) {
        if (nonce == null) {
            throw new RegistryException(RegistryException.Kind.INVALID, "bad_nonce",
                    "nonce: missing (expected: a nonce from GET /v1/nonce)");
        }
        String n = nonce.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(n).matches()) {
            throw new RegistryException(RegistryException.Kind.INVALID, "bad_nonce",
                    "nonce: '" + Validation.abbreviate(nonce) + "' (expected: 64 hex digits from GET /v1/nonce)");
        }
        switch (store.consumeNonce(n, clock.millis())) {
            case OK:
                return;
            case EXPIRED:
                throw new RegistryException(RegistryException.Kind.INVALID, "bad_nonce",
                        "nonce: expired (expected: used within " + ttl.toSeconds() + " s of GET /v1/nonce)");
            default:
                throw new RegistryException(RegistryException.Kind.INVALID, "bad_nonce",
                        "nonce: unknown or already used (expected: a fresh nonce from GET /v1/nonce, used once)");
        }
    }

    /** Removes expired nonces. */
    public int purge() {
        return store.purgeExpiredNonces(clock.millis());
    }
}
