package dev.edgeweave.loadtest.viewer;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a viewer sends its requests: the addresses of the nodes for the publisher's hostname, best
 * first. Called on the viewer's event loop; completes there.
 */
interface Steering {

    /**
     * The current answer; {@code fresh} asks the resolver again even if the cached answer's TTL has
     * not run out (after a failure, as a player re-resolves on error).
     */
    CompletableFuture<List<InetAddress>> resolve(boolean fresh);

    /** A fixed address (no DNS): {@code --target}. */
    static Steering fixed(InetAddress address) {
        List<InetAddress> one = List.of(address);
        return fresh -> CompletableFuture.completedFuture(one);
    }
}
