package dev.edgeweave.deploy;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.edge.TrackerLoad;
import dev.edgeweave.edge.origin.HostTable;
import dev.edgeweave.edge.tracker.TrackerAgent;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an edge node in one of its two modes and stops it the way an operator expects: standalone
 * ({@code --origin}), or joined to a tracker (registers, heartbeats, follows the publisher table, and
 * drains on shutdown so viewers are steered away before the node stops).
 */
final class EdgeLauncher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeLauncher.class);

    final EdgeNode node;
    final TrackerAgent agent;
    private final ScheduledExecutorService scheduler;

    private EdgeLauncher(EdgeNode node, TrackerAgent agent, ScheduledExecutorService scheduler) {
        this.node = node;
        this.agent = agent;
        this.scheduler = scheduler;
    }

    static EdgeLauncher standalone(EdgeConfig cfg) throws Exception {
        return new EdgeLauncher(EdgeNode.start(cfg, EdgeNode.standaloneHosts(cfg), Clock.systemUTC(), null, null),
                null, null);
    }

    /**
     * A node that registers with {@code tracker}. {@code cfg.admin()} must be set (the tracker probes
     * its /health); both addresses must be IP literals viewers can reach.
     */
    static EdgeLauncher withTracker(EdgeConfig cfg, URI tracker, Ed25519KeyPair key, String region, long maxMbps)
            throws Exception {
        if (cfg.admin() == null) {
            throw new IllegalArgumentException("--admin: missing (expected: HOST:PORT; the tracker probes <admin>/health)");
        }
        Clock clock = Clock.systemUTC();
        HostTable hosts = new HostTable();
        EdgeNode node = EdgeNode.start(cfg, hosts, clock, null, null);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tracker-agent");
            t.setDaemon(true);
            return t;
        });
        InetSocketAddress http = node.httpAddress();
        InetSocketAddress admin = node.adminAddress();
        TrackerAgent agent = new TrackerAgent(tracker, key, hosts, url(http), url(admin), region, maxMbps,
                new TrackerLoad(node, maxMbps, clock), scheduler, clock);
        try {
            agent.start();
        } catch (InterruptedException e) {
            node.close();
            scheduler.shutdownNow();
            throw e;
        }
        node.extraStatus(agent::status);
        return new EdgeLauncher(node, agent, scheduler);
    }

    static String url(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort();
    }

    /** Drains (tracker mode), then stops. */
    @Override
    public void close() {
        if (agent != null) {
            node.drain("shutting down");
            agent.drain();
            agent.close();
        }
        node.close();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        log.debug("edge launcher closed");
    }
}
