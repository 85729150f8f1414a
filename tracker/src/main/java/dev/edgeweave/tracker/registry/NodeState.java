package dev.edgeweave.tracker.registry;

import java.util.Locale;

/** What the tracker believes about a node; only {@link #HEALTHY} nodes appear in steering answers. */
public enum NodeState {
    /** Heartbeats on time and the last health probes passed. */
    HEALTHY,
    /** Missed heartbeats, or failed consecutive health probes; the reason says which. */
    UNHEALTHY,
    /** The node asked to drain: no new viewers, whatever its health. */
    DRAINING,
    /** Registered, but no heartbeat since the tracker started, or no health probe has passed yet. */
    UNKNOWN;

    /** Lowercase name as used in JSON and metrics. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
