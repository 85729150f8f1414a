package dev.edgeweave.loadtest;

/**
 * Breaks nodes of the network under test, by index in {@link LoadConfig#nodes()}. An in-process
 * devnet closes or drains its own nodes; against an external devnet see {@link ExternalNodeFaults}.
 */
public interface NodeFaults {

    /** Stops node {@code node} abruptly: no drain, connections reset, heartbeats stop. */
    void kill(int node) throws Exception;

    /** Drains node {@code node}: the tracker sends it no new viewers; transfers in progress finish. */
    void drain(int node) throws Exception;

    /** No node faults available: every call explains what to pass. */
    NodeFaults NONE = new NodeFaults() {
        @Override
        public void kill(int node) {
            throw new IllegalStateException("--kill-node-at: no way to kill node " + node + " (expected: an in-process"
                    + " devnet (--devnet-nodes), or --kill-command for an external one)");
        }

        @Override
        public void drain(int node) {
            throw new IllegalStateException("--drain-node-at: no way to drain node " + node + " (expected: an"
                    + " in-process devnet, or --devnet DIR holding the nodes' keys)");
        }
    };
}
