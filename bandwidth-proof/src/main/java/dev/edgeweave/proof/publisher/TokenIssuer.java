package dev.edgeweave.proof.publisher;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publisher SDK: issues viewer tokens signed by the publisher's key. A publisher's backend calls
 * {@link #issue} once per real viewer session (after its own login or paywall check), with the
 * public key the viewer's player generated, and hands the token to the player.
 */
public final class TokenIssuer {

    private static final Logger log = LoggerFactory.getLogger(TokenIssuer.class);

    private final Ed25519KeyPair publisherKey;
    private final Clock clock;
    private final SecureRandom random;

    /** An issuer signing with {@code publisherKey}, reading time from {@code clock}. */
    public TokenIssuer(Ed25519KeyPair publisherKey, Clock clock, SecureRandom random) {
        this.publisherKey = Objects.requireNonNull(publisherKey, "publisherKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The publisher id (its public key). */
    public Ed25519PublicKey publisherId() {
        return publisherKey.publicKey();
    }

    /**
     * Issues a token for {@code viewerKey}, valid from now for {@code validity}, capped at
     * {@code byteCap} bytes across all nodes.
     *
     * @throws IllegalArgumentException if validity is not positive or the cap not above 0
     */
    public SignedToken issue(Ed25519PublicKey viewerKey, Duration validity, long byteCap) {
        Objects.requireNonNull(viewerKey, "viewerKey");
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity: " + validity + " (expected: > 0)");
        }
        long now = clock.millis();
        ViewerToken token = new ViewerToken(publisherKey.publicKey(), viewerKey, TokenId.random(random), now,
                Math.addExact(now, validity.toMillis()), byteCap);
        SignedToken signed = token.sign(publisherKey);
        log.debug("issued token {} to viewer {} (cap {} bytes, expires {})", token.tokenId(), viewerKey.shortHex(),
                byteCap, token.expiresMillis());
        return signed;
    }
}
