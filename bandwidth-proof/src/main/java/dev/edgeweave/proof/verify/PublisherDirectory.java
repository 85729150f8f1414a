package dev.edgeweave.proof.verify;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.util.Set;

/**
 * Which publishers the tracker knows. A publisher id <em>is</em> its public key, so knowing the
 * id is knowing the key that must have signed the token.
 */
@FunctionalInterface
public interface PublisherDirectory {

    /** Whether {@code publisherId} is registered (and not revoked). */
    boolean isRegistered(Ed25519PublicKey publisherId);

    /** A directory of a fixed set (tests, devnet). */
    static PublisherDirectory of(Set<Ed25519PublicKey> publishers) {
        Set<Ed25519PublicKey> copy = Set.copyOf(publishers);
        return copy::contains;
    }
}
