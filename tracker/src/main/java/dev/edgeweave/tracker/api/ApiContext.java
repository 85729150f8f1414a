package dev.edgeweave.tracker.api;

import dev.edgeweave.tracker.claims.ClaimService;
import dev.edgeweave.tracker.registry.NodeRegistry;
import dev.edgeweave.tracker.registry.Nonces;
import dev.edgeweave.tracker.registry.PublisherRegistry;
import dev.edgeweave.tracker.steer.Steering;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * What the HTTP API serves from.
 *
 * @param nodes                   node registry
 * @param publishers              publisher registry
 * @param nonces                  registration nonces
 * @param steering                ranking for {@code /v1/steer} and {@code /r/}
 * @param meters                  where API metrics go; {@code /metrics} scrapes it if it is (or contains) a
 *                                Prometheus registry
 * @param heartbeatSeconds        how often nodes should heartbeat (told at registration)
 * @param heartbeatTimeoutSeconds after how long without a heartbeat a node is down (told at registration)
 * @param redirectMaxAgeSeconds   {@code Cache-Control: max-age} of {@code /r/} redirects (the DNS TTL)
 * @param claims                  claims, audits and rewards, or null for a tracker that takes no claims
 */
public record ApiContext(NodeRegistry nodes, PublisherRegistry publishers, Nonces nonces, Steering steering,
                         MeterRegistry meters, int heartbeatSeconds, int heartbeatTimeoutSeconds,
                         int redirectMaxAgeSeconds, ClaimService claims) {

    /** A context without claims (the claims endpoints answer 404). */
    public ApiContext(NodeRegistry nodes, PublisherRegistry publishers, Nonces nonces, Steering steering,
                      MeterRegistry meters, int heartbeatSeconds, int heartbeatTimeoutSeconds,
                      int redirectMaxAgeSeconds) {
        this(nodes, publishers, nonces, steering, meters, heartbeatSeconds, heartbeatTimeoutSeconds,
                redirectMaxAgeSeconds, null);
    }

    public ApiContext {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(publishers, "publishers");
        Objects.requireNonNull(nonces, "nonces");
        Objects.requireNonNull(steering, "steering");
        Objects.requireNonNull(meters, "meters");
        if (heartbeatSeconds < 1) {
            throw new IllegalArgumentException("heartbeatSeconds: " + heartbeatSeconds + " (expected: >= 1)");
        }
        if (heartbeatTimeoutSeconds < 1) {
            throw new IllegalArgumentException("heartbeatTimeoutSeconds: " + heartbeatTimeoutSeconds
                    + " (expected: >= 1)");
        }
        if (redirectMaxAgeSeconds < 0) {
            throw new IllegalArgumentException("redirectMaxAgeSeconds: " + redirectMaxAgeSeconds
                    + " (expected: >= 0)");
        }
    }
}
