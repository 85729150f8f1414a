package dev.edgeweave.tracker.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * When a node counts as alive.
 *
 * @param heartbeatTimeout  a node whose last heartbeat is older than this is unhealthy
 * @param probeInterval     how often each node's {@code <admin>/health} is probed
 * @param probeFailures     consecutive failed probes that mark a node unhealthy (a single pass restores it)
 * @param maxClockSkew      how far a signed {@code ts} may differ from the tracker clock
 */
public record HealthPolicy(Duration heartbeatTimeout, Duration probeInterval, int probeFailures,
                           Duration maxClockSkew) {

    /** Default consecutive probe failures before a node is marked down. */
    public static final int DEFAULT_PROBE_FAILURES = 2;
    /** Default accepted difference between a signed {@code ts} and the tracker clock. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    public HealthPolicy {
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (heartbeatTimeout.isNegative() || heartbeatTimeout.isZero()) {
            throw new IllegalArgumentException("heartbeatTimeout: " + heartbeatTimeout + " (expected: > 0)");
        }
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("probeInterval: " + probeInterval + " (expected: > 0)");
        }
        if (probeFailures < 1) {
            throw new IllegalArgumentException("probeFailures: " + probeFailures + " (expected: >= 1)");
        }
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("maxClockSkew: " + maxClockSkew + " (expected: > 0)");
        }
    }

    /** Defaults for the given timeout and probe interval. */
    public static HealthPolicy of(Duration heartbeatTimeout, Duration probeInterval) {
        return new HealthPolicy(heartbeatTimeout, probeInterval, DEFAULT_PROBE_FAILURES, DEFAULT_MAX_CLOCK_SKEW);
    }
}
