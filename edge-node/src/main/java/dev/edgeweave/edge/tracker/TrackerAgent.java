package dev.edgeweave.edge.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.edge.origin.HostTable;
import dev.edgeweave.edge.origin.OriginRoute;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the tracker API (docs/api.md): registers with proof of key possession, sends
 * signed heartbeats, follows the publisher table into the {@link HostTable}, and drains. Every POST
 * body is signed with the node key ({@code EdgeWeave-Signature}); errors from the tracker are logged
 * with its reason, once per change, and retried — the operator has nothing to babysit.
 */
public final class TrackerAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TrackerAgent.class);

    /** What the node reports in each heartbeat. */
    public record Load(double load, long spareMbps, long maxMbps, long cacheBytes, long connections) {}

    private final URI tracker;
    private final Ed25519KeyPair key;
    private final HostTable hosts;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final TrackerClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final String url;
    private final String adminUrl;
    private final String region;
    private final long maxMbps;
    private final Supplier<Load> load;
    private volatile String nodeId;
    private volatile String assignedRegion;
    private volatile String lastError;
    private volatile long lastHeartbeatOk;
    private volatile long heartbeatTs;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    public TrackerAgent(URI tracker, Ed25519KeyPair key, HostTable hosts, String url, String adminUrl, String region,
                        long maxMbps, Supplier<Load> load, ScheduledExecutorService scheduler, Clock clock) {
        this.tracker = tracker;
        this.key = key;
        this.hosts = hosts;
        this.url = url;
        this.adminUrl = adminUrl;
        this.region = region;
        this.maxMbps = maxMbps;
        this.load = load;
        this.scheduler = scheduler;
        this.clock = clock;
        this.client = new TrackerClient(tracker);
    }

    /** Registers (retrying until it works) and starts heartbeats and publisher polling. */
    public void start() throws InterruptedException {
        long backoff = 500;
        while (true) {
            try {
                register();
                break;
            } catch (IOException | TrackerClient.TrackerError e) {
                noteError("register with " + tracker + " failed: " + e.getMessage() + " (retrying)");
                Thread.sleep(backoff); // registration retry backoff, not a test wait
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        pollQuietly();
        tasks.add(scheduler.scheduleWithFixedDelay(this::heartbeatQuietly, 0, heartbeatMillis, TimeUnit.MILLISECONDS));
        tasks.add(scheduler.scheduleWithFixedDelay(this::pollQuietly, 1000, 1000, TimeUnit.MILLISECONDS));
    }

    private long heartbeatMillis = 2000;

    public String nodeId() {
        return nodeId;
    }

    public String region() {
        return assignedRegion;
    }

    /** Status fields for /status. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tracker", tracker.toString());
        m.put("nodeId", nodeId);
        m.put("region", assignedRegion);
        m.put("lastHeartbeatAgeSeconds", lastHeartbeatOk == 0 ? null : (clock.millis() - lastHeartbeatOk) / 1000);
        m.put("trackerError", lastError);
        m.put("publishers", hosts.size());
        return m;
    }

    private void register() throws IOException, InterruptedException, TrackerClient.TrackerError {
        String nonce = client.nonce();
        ObjectNode body = json.createObjectNode();
        body.put("publicKey", key.publicKey().hex());
        body.put("url", url);
        body.put("admin", adminUrl);
        if (region != null) {
            body.put("region", region);
        } else {
            body.putNull("region");
        }
        body.put("maxMbps", maxMbps);
        body.put("nonce", nonce);
        JsonNode r = client.signed("POST", "/v1/nodes", body, key);
        nodeId = r.path("id").asText(key.publicKey().hex());
        assignedRegion = r.path("region").asText(null);
        heartbeatMillis = Math.max(500, r.path("heartbeatSeconds").asLong(2) * 1000);
        log.info("registered with tracker {} as node {} in region {}", tracker, key.publicKey().shortHex(), assignedRegion);
        lastError = null;
    }

    private void heartbeatQuietly() {
        try {
            Load l = load.get();
            ObjectNode body = json.createObjectNode();
            long ts = Math.max(clock.millis(), heartbeatTs + 1);
            heartbeatTs = ts;
            body.put("ts", ts);
            body.put("load", l.load());
            body.put("spareMbps", l.spareMbps());
            body.put("maxMbps", l.maxMbps());
            body.put("cacheBytes", l.cacheBytes());
            body.put("version", "0.1.0");
            body.put("connections", l.connections());
            client.signed("POST", "/v1/nodes/" + nodeId + "/heartbeat", body, key);
            lastHeartbeatOk = clock.millis();
            if (lastError != null) {
                log.info("tracker {} reachable again", tracker);
                lastError = null;
            }
        } catch (TrackerClient.TrackerError e) {
            if (e.status() == 404) {
                noteError("tracker forgot this node (" + e.getMessage() + "): registering again");
                try {
                    register();
                } catch (Exception again) {
                    noteError("re-register failed: " + again.getMessage());
                }
            } else {
                noteError("heartbeat refused: " + e.getMessage());
            }
        } catch (Exception e) {
            noteError("heartbeat to " + tracker + " failed: " + e);
        }
    }

    private void pollQuietly() {
        try {
            pollPublishers();
        } catch (Exception e) {
            noteError("publisher table from " + tracker + " unavailable: " + e.getMessage());
        }
    }

    private void pollPublishers() throws IOException, InterruptedException, TrackerClient.TrackerError {
        JsonNode r = client.get("/v1/publishers");
        long version = r.path("version").asLong(-1);
        if (version == hosts.version()) {
            return;
        }
        List<OriginRoute> routes = new ArrayList<>();
        for (JsonNode p : r.path("publishers")) {
            try {
                routes.add(new OriginRoute(p.path("host").asText(), URI.create(p.path("origin").asText()),
                        p.path("allowUnsafeMethods").asBoolean(false)));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring publisher {}: {}", p.path("name").asText(), e.getMessage());
            }
        }
        hosts.replace(routes, version);
        log.info("publisher table v{}: {} hostnames", version, routes.size());
    }

    /** Tells the tracker to send no new viewers here; transfers in progress finish. */
    public void drain() {
        if (nodeId == null) {
            return;
        }
        try {
            ObjectNode body = json.createObjectNode();
            body.put("ts", Math.max(clock.millis(), heartbeatTs + 1));
            client.signed("POST", "/v1/nodes/" + nodeId + "/drain", body, key);
            log.info("drain acknowledged by tracker {}", tracker);
        } catch (Exception e) {
            log.warn("drain request to {} failed: {}", tracker, e.getMessage());
        }
    }

    private void noteError(String msg) {
        if (!msg.equals(lastError)) {
            log.warn(msg);
        }
        lastError = msg;
    }

    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
    }

}
