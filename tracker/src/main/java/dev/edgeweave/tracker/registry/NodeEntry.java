package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.store.Heartbeat;
import dev.edgeweave.tracker.store.NodeRecord;
import java.net.URI;
import java.util.List;

/** One node's mutable in-memory state; guarded by the owning {@link NodeRegistry}'s lock. */
final class NodeEntry {

    private static final long MBPS = 1_000_000L;

    NodeRecord record;
    NodeEndpoint endpoint;
    URI healthUri;
    /** Tracker clock of the last heartbeat or registration seen since start; 0 = none. */
    long lastHeartbeatAt;
    /** Local mutation sequence (see {@link NodeRegistry#refresh()}). */
    long touchedSeq;

    int probeFailures;
    boolean probeEverOk;
    boolean probeInFlight;
    /** Bumped on re-registration, so a probe of the old admin URL is ignored. */
    int probeGeneration;
    long probeStartedAt;
    long probeAt;
    boolean probeOk;
    String probeDetail;

    NodeState state = NodeState.UNKNOWN;
    String reason;
    long stateSince;

    NodeEntry(NodeRecord record, NodeEndpoint endpoint, URI healthUri) {
        this.record = record;
        this.endpoint = endpoint;
        this.healthUri = healthUri;
    }

    void resetProbe() {
        probeFailures = 0;
        probeEverOk = false;
        probeInFlight = false;
        probeGeneration++;
        probeStartedAt = 0;
        probeAt = 0;
        probeOk = false;
        probeDetail = null;
    }

    NodeHealth.Facts facts() {
        return new NodeHealth.Facts(record.draining(), lastHeartbeatAt, probeFailures, probeEverOk, probeDetail);
    }

    NodeView view() {
        Heartbeat hb = record.heartbeat();
        long max = (hb != null ? hb.maxMbps() : record.maxMbps()) * MBPS;
        long spare = hb != null ? Math.min(hb.spareMbps() * MBPS, max) : max;
        double load = hb != null ? hb.load() : 0.0;
        return new NodeView(record.id(), record.region(), List.of(endpoint.address()), endpoint.port(), max, spare,
                load, state == NodeState.HEALTHY, record.draining());
    }

    NodeStatus status() {
        return new NodeStatus(record, endpoint, state, reason, stateSince, lastHeartbeatAt,
                new ProbeStatus(probeAt, probeOk, probeFailures, probeDetail, probeEverOk));
    }

    String shortId() {
        return record.id().substring(0, 16);
    }
}
