package dev.edgeweave.tracker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.edge.receipt.PublisherKeys;
import dev.edgeweave.edge.receipt.ReceiptService;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.tracker.ApiClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A real edge node (loopback port 0, standalone routing to a real origin) with its {@link ReceiptService}
 * wired the way the CLI wires it: publisher keys followed from the tracker, the tracker's epoch schedule,
 * served bytes, the receipts route, response headers and {@code /status} fields.
 */
final class EdgeUnderTest implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Ed25519KeyPair key;
    final Path dir;
    final URI trackerApi;
    final URI claimsVia;
    final URI origin;
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    PublisherKeys keys;
    ReceiptService service;
    EdgeNode node;

    /**
     * @param trackerApi the tracker (publisher keys, schedule, registration)
     * @param claimsVia  where claims go (the tracker, or a relay in front of it)
     */
    EdgeUnderTest(Ed25519KeyPair key, Path dir, URI trackerApi, URI claimsVia, URI origin) {
        this.key = key;
        this.dir = dir;
        this.trackerApi = trackerApi;
        this.claimsVia = claimsVia;
        this.origin = origin;
    }

    EdgeUnderTest start() throws Exception {
        keys = new PublisherKeys(trackerApi);
        keys.refresh();
        keys.start(scheduler, java.time.Duration.ofSeconds(2));
        // receipt meters join the node's Prometheus registry once the node exists
        io.micrometer.core.instrument.composite.CompositeMeterRegistry meters =
                new io.micrometer.core.instrument.composite.CompositeMeterRegistry();
        service = new ReceiptService(key, claimsVia, ReceiptService.fetchSchedule(trackerApi,
                java.time.Duration.ofSeconds(30)), dir.resolve("cache").resolve("receipts"), keys, Clock.systemUTC(),
                scheduler, meters);
        service.start();
        EdgeConfig config = EdgeConfig.standalone(new InetSocketAddress("127.0.0.1", 0), dir.resolve("cache"), origin)
                .withAdmin(new InetSocketAddress("127.0.0.1", 0)).withCache(32L << 20, 256L << 20, 1 << 20)
                .withIoThreads(2);
        node = EdgeNode.start(config, EdgeNode.standaloneHosts(config), Clock.systemUTC(), service.servedBytes(),
                service.extraRoutes());
        meters.add(node.registry());
        node.context().responseHeaders(service.responseHeaders());
        node.extraStatus(service::status);
        return this;
    }

    /** Registers this node with the tracker (signed, with a fresh nonce). */
    void register(ApiClient api) {
        ObjectNode body = JSON.createObjectNode();
        body.put("publicKey", key.publicKey().hex());
        body.put("url", "http://127.0.0.1:" + node.httpAddress().getPort());
        body.put("admin", "http://127.0.0.1:" + node.adminAddress().getPort());
        body.put("region", "r0");
        body.put("maxMbps", 1000);
        body.put("nonce", api.nonce());
        HttpResponse<String> r = api.signed("POST", "/v1/nodes", body.toString(), key);
        if (r.statusCode() != 201) {
            throw new AssertionError("register: " + r.statusCode() + " " + r.body());
        }
    }

    /** Stops node and service and starts them again on the same directory (new ports). */
    void restart() throws Exception {
        stop();
        start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
    }

    /** The node's {@code /status} document, over HTTP from its admin port. */
    JsonNode status() throws java.io.IOException, InterruptedException {
        return JSON.readTree(admin("/status"));
    }

    String admin(String path) throws java.io.IOException, InterruptedException {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + node.adminAddress().getPort() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private void stop() {
        if (node != null) {
            node.close();
        }
        if (service != null) {
            service.close();
        }
        if (keys != null) {
            keys.close();
        }
    }

    @Override
    public void close() {
        stop();
        scheduler.shutdownNow();
    }
}
