package dev.edgeweave.edge;

import dev.edgeweave.edge.tracker.TrackerAgent;
import java.util.function.Supplier;

/**
 * The load a node reports in heartbeats: bandwidth used since the last report against the operator's
 * declared maximum (so steering respects operator caps), cache bytes and open connections.
 */
public final class TrackerLoad implements Supplier<TrackerAgent.Load> {

    private final EdgeNode node;
    private final long maxMbps;
    private final java.time.Clock clock;
    private double lastBytes;
    private long lastMillis;

    public TrackerLoad(EdgeNode node, long maxMbps, java.time.Clock clock) {
        this.node = node;
        this.maxMbps = maxMbps;
        this.clock = clock;
        this.lastMillis = clock.millis();
    }

    @Override
    public synchronized TrackerAgent.Load get() {
        long now = clock.millis();
        double bytes = node.metrics().totalBytesOut();
        double seconds = Math.max(0.001, (now - lastMillis) / 1000.0);
        long usedMbps = (long) Math.ceil((bytes - lastBytes) * 8 / 1_000_000 / seconds);
        lastBytes = bytes;
        lastMillis = now;
        long spare = Math.max(0, maxMbps - usedMbps);
        double load = node.draining() ? 1.0 : Math.min(1.0, (double) usedMbps / maxMbps);
        var stats = node.store().stats();
        return new TrackerAgent.Load(load, spare, maxMbps, stats.diskBytes() + stats.memoryBytes(),
                node.metrics().openConnections());
    }
}
