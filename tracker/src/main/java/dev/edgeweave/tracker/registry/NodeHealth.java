package dev.edgeweave.tracker.registry;

/**
 * The pure rule that turns what the tracker knows about a node into a {@link NodeState} and a
 * reason an operator can act on. Order: draining wins; then no heartbeat since start (unknown);
 * missed heartbeats; failed probes; no probe passed yet (unknown); else healthy.
 */
final class NodeHealth {

    /**
     * What is known about a node.
     *
     * @param draining        the node asked to drain
     * @param lastHeartbeatAt tracker clock of the last heartbeat or registration seen since start; 0 if none
     * @param probeFailures   consecutive failed probes
     * @param probeEverOk     a probe has passed since registration / tracker start
     * @param probeDetail     what the last failed probe saw, or null
     */
    record Facts(boolean draining, long lastHeartbeatAt, int probeFailures, boolean probeEverOk, String probeDetail) {}

    /** A state and, unless healthy, why. */
    record Verdict(NodeState state, String reason) {}

    private NodeHealth() {}

    static Verdict evaluate(Facts f, long now, HealthPolicy policy) {
        String problem = problem(f, now, policy);
        if (f.draining()) {
            return new Verdict(NodeState.DRAINING, problem == null ? "draining" : "draining; " + problem);
        }
        if (problem == null) {
            return new Verdict(NodeState.HEALTHY, null);
        }
        boolean unknown = f.lastHeartbeatAt() == 0
                || (!heartbeatMissed(f, now, policy) && f.probeFailures() < policy.probeFailures() && !f.probeEverOk());
        return new Verdict(unknown ? NodeState.UNKNOWN : NodeState.UNHEALTHY, problem);
    }

    private static boolean heartbeatMissed(Facts f, long now, HealthPolicy policy) {
        return now - f.lastHeartbeatAt() > policy.heartbeatTimeout().toMillis();
    }

    private static String problem(Facts f, long now, HealthPolicy policy) {
        if (f.lastHeartbeatAt() == 0) {
            return "no heartbeat since the tracker started";
        }
        if (heartbeatMissed(f, now, policy)) {
            return "missed heartbeats for " + seconds(now - f.lastHeartbeatAt()) + " (timeout "
                    + seconds(policy.heartbeatTimeout().toMillis()) + ")";
        }
        if (f.probeFailures() >= policy.probeFailures()) {
            return "health probe failed: " + f.probeDetail()
                    + (f.probeFailures() > 1 ? " (" + f.probeFailures() + " probes in a row)" : "");
        }
        if (!f.probeEverOk()) {
            return f.probeDetail() == null ? "waiting for the first health probe"
                    : "waiting for a passing health probe (last: " + f.probeDetail() + ")";
        }
        return null;
    }

    /** Millis as seconds for humans: "12 s", "1.5 s". */
    static String seconds(long millis) {
        if (millis % 1000 == 0 || millis >= 10_000) {
            return (millis / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
