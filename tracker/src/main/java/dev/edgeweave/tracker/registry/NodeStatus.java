package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.store.NodeRecord;

/**
 * A node as the registry sees it now: its stored registration and last heartbeat, plus health.
 *
 * @param record          registration and last heartbeat
 * @param endpoint        parsed viewer URL
 * @param state           current state
 * @param reason          why it is not healthy (null when healthy)
 * @param stateSince      tracker clock when the state was entered
 * @param lastHeartbeatAt tracker clock of the last heartbeat or registration since start (0: none)
 * @param probe           health-probe record
 */
public record NodeStatus(NodeRecord record, NodeEndpoint endpoint, NodeState state, String reason,
                         long stateSince, long lastHeartbeatAt, ProbeStatus probe) {

    public String id() {
        return record.id();
    }
}
