package dev.edgeweave.deploy;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.edge.TrackerLoad;
import dev.edgeweave.edge.origin.HostTable;
import dev.edgeweave.edge.receipt.PublisherKeys;
import dev.edgeweave.edge.receipt.ReceiptService;
import dev.edgeweave.edge.tracker.TrackerAgent;
import dev.edgeweave.proof.epoch.EpochSchedule;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final List<AutoCloseable> closeables;

    private EdgeLauncher(EdgeNode node, TrackerAgent agent, ScheduledExecutorService scheduler,
                         List<AutoCloseable> closeables) {
        this.node = node;
        this.agent = agent;
        this.scheduler = scheduler;
        this.closeables = closeables;
    }

    static EdgeLauncher standalone(EdgeConfig cfg) throws Exception {
        return new EdgeLauncher(EdgeNode.start(cfg, EdgeNode.standaloneHosts(cfg), Clock.systemUTC(), null, null),
                null, null, List.of());
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
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "edge-tracker");
            t.setDaemon(true);
            return t;
        });
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            // Receipts: publisher keys and the epoch schedule come from the tracker (which may still be
            // starting: fetchSchedule waits for it, with a log line per failed attempt).
            PublisherKeys publisherKeys = new PublisherKeys(tracker);
            opened.add(publisherKeys);
            try {
                publisherKeys.refresh();
            } catch (IOException e) {
                log.info("publisher keys not available yet ({}); polling", e.getMessage());
            }
            publisherKeys.start(scheduler, Duration.ofSeconds(2));
            EpochSchedule schedule = ReceiptService.fetchSchedule(tracker, Duration.ofMinutes(5));
            CompositeMeterRegistry receiptMeters = new CompositeMeterRegistry();
            ReceiptService receipts = new ReceiptService(key, tracker, schedule, cfg.cacheDir().resolve("receipts"),
                    publisherKeys, clock, scheduler, receiptMeters);
            opened.add(receipts);
            receipts.start();
            EdgeNode node = EdgeNode.start(cfg, hosts, clock, receipts.servedBytes(), receipts.extraRoutes());
            opened.add(0, node);
            receiptMeters.add(node.registry());
            node.context().responseHeaders(receipts.responseHeaders());
            InetSocketAddress http = node.httpAddress();
            InetSocketAddress admin = node.adminAddress();
            TrackerAgent agent = new TrackerAgent(tracker, key, hosts, url(http), url(admin), region, maxMbps,
                    new TrackerLoad(node, maxMbps, clock), scheduler, clock);
            agent.start();
            node.extraStatus(() -> {
                Map<String, Object> m = new LinkedHashMap<>(agent.status());
                m.putAll(receipts.status());
                return m;
            });
            return new EdgeLauncher(node, agent, scheduler, List.of(node, receipts, publisherKeys));
        } catch (Exception e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            scheduler.shutdownNow();
            throw e;
        }
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
        for (AutoCloseable c : closeables) { // the node first, then receipts (final log sync), then keys
            try {
                c.close();
            } catch (Exception e) {
                log.warn("stopping {}: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
        if (closeables.isEmpty()) {
            node.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        log.debug("edge launcher closed");
    }
}
