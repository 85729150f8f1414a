package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.SignedToken;

/** Issues a viewer token for a viewer key (the publisher's backend, e.g. a {@code TokenIssuer}). */
@FunctionalInterface
public interface TokenSource {
    SignedToken issue(Ed25519PublicKey viewer);
}
