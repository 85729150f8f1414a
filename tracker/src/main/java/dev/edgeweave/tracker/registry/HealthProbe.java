package dev.edgeweave.tracker.registry;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Checks one node's health endpoint; the future never fails, failures are a {@link Result}. */
@FunctionalInterface
public interface HealthProbe {

    /**
     * Outcome of one probe.
     *
     * @param ok     the endpoint answered 2xx in time
     * @param detail what failed, for operators ("connection refused", "HTTP 503: draining"), or null when ok
     */
    record Result(boolean ok, String detail) {

        public static Result passed() {
            return new Result(true, null);
        }

        public static Result failed(String detail) {
            return new Result(false, detail);
        }
    }

    /** Probes {@code healthUri} (e.g. {@code http://127.0.0.11:9090/health}). */
    CompletableFuture<Result> probe(URI healthUri);
}
