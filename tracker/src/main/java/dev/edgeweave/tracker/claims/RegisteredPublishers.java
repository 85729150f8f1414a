package dev.edgeweave.tracker.claims;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.tracker.registry.PublisherRegistry;
import dev.edgeweave.tracker.store.PublisherRecord;
import dev.edgeweave.tracker.store.PublisherTable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The registered publishers' keys, as the audit checks need them: a token counts only if a publisher
 * registered with the tracker signed it. Follows the registry's table (re-reading it when its version
 * moves); lock-free reads.
 */
final class RegisteredPublishers implements PublisherDirectory {

    private record Snapshot(long version, Set<Ed25519PublicKey> keys) {}

    private final PublisherRegistry registry;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Set.of());

    RegisteredPublishers(PublisherRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public boolean isRegistered(Ed25519PublicKey publisherId) {
        PublisherTable t = registry.table();
        Snapshot s = snapshot;
        if (s.version() != t.version()) {
            Set<Ed25519PublicKey> keys = new HashSet<>();
            for (PublisherRecord p : t.publishers()) {
                keys.add(Ed25519PublicKey.fromHex(p.publicKey()));
            }
            s = new Snapshot(t.version(), Set.copyOf(keys));
            snapshot = s;
        }
        return s.keys().contains(publisherId);
    }
}
