package dev.edgeweave.edge.http;

import dev.edgeweave.cache.CachedObject;
import dev.edgeweave.edge.origin.OriginFailure;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request collapsing: the first viewer to miss a key becomes the leader and fetches from the origin;
 * everyone else who misses the same key before the response head arrives waits on the leader's
 * outcome and then reads the object as it fills. Once the head is known the entry leaves this table:
 * later viewers find the filling object in the store itself.
 */
public final class Inflight {

    /** What a leader's origin response turned into. */
    sealed interface Outcome permits Outcome.Stored, Outcome.NotShared, Outcome.Failed, FillTask.Pass {
        /** Stored (or being stored): read it; {@code variant} is the leader's secondary key, or null. */
        record Stored(CachedObject object, String variant) implements Outcome {}

        /** Not shareable (no-store, private, error status…): each follower fetches for itself. */
        record NotShared(String reason) implements Outcome {}

        /** The origin failed before a head. */
        record Failed(OriginFailure failure) implements Outcome {}
    }

    private final ConcurrentHashMap<String, CompletableFuture<Outcome>> table = new ConcurrentHashMap<>();

    /**
     * Joins the fetch of {@code key}: returns null if the caller is now the leader (and must call
     * {@link #finish} exactly once), or the future of the leader's outcome.
     */
    CompletableFuture<Outcome> join(String key, CompletableFuture<Outcome> mine) {
        CompletableFuture<Outcome> existing = table.putIfAbsent(key, mine);
        return existing;
    }

    /** The leader's outcome: wakes the followers and removes the entry. */
    void finish(String key, CompletableFuture<Outcome> mine, Outcome outcome) {
        table.remove(key, mine);
        mine.complete(outcome);
    }

    /** Number of keys being fetched now. */
    public int size() {
        return table.size();
    }
}
