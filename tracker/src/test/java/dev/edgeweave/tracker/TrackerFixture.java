package dev.edgeweave.tracker;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real tracker on loopback (API and DNS on port 0, SQLite in a temp dir) with short health
 * timings, plus the clients tests talk to it with.
 *
 * <p>Coverage: 127.0.0.0/24 and 127.0.1.0/24 are region r0, 127.0.2.0/24 is r1.
 */
public final class TrackerFixture implements AutoCloseable {

    public static final String ZONE = "cdn.test";
    /** Heartbeat timeout of the test config: long, so nodes stay healthy unless a test shortens it. */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    public final TrackerConfig config;
    public final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    public Tracker tracker;
    public ApiClient api;

    public TrackerFixture(TrackerConfig config) {
        this.config = config;
    }

    /** The test configuration over {@code dir}: heartbeat every 1 s, timeout 10 s, probes every 200 ms. */
    public static TrackerConfig config(Path dir) throws IOException {
        Path coverage = dir.resolve("coverage.txt");
        if (!Files.exists(coverage)) {
            Files.writeString(coverage, "# test coverage\n127.0.0.0/24 r0 52.52 13.40\n"
                    + "127.0.1.0/24 r0 52.52 13.40\n127.0.2.0/24 r1 48.85 2.35\n");
        }
        return TrackerConfig.of(new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), ZONE,
                        dir.resolve("data"))
                .withCoverageFile(coverage)
                .withHeartbeat(Duration.ofSeconds(1), HEARTBEAT_TIMEOUT)
                .withProbe(Duration.ofMillis(200), Duration.ofMillis(500));
    }

    /** Starts a tracker over {@code dir} with {@link #config(Path)}. */
    public static TrackerFixture start(Path dir) throws Exception {
        return new TrackerFixture(config(dir)).start();
    }

    /** Starts a tracker over {@code dir} with {@link #config(Path)} changed by {@code change}. */
    public static TrackerFixture start(Path dir, UnaryOperator<TrackerConfig> change) throws Exception {
        return new TrackerFixture(change.apply(config(dir))).start();
    }

    public TrackerFixture start() throws Exception {
        tracker = new Tracker(config, Clock.systemUTC(), meters);
        tracker.start();
        api = new ApiClient(tracker.apiUri());
        return this;
    }

    /** Stops and starts again on the same data directory (new ports). */
    public TrackerFixture restart() throws Exception {
        tracker.close();
        return start();
    }

    /** A publisher key from a seed byte. */
    public static Ed25519KeyPair publisherKey(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        return Ed25519KeyPair.fromSeed(s);
    }

    /** Registers publisher {@code demo} (origin 127.0.0.1:8000). */
    public void registerDemo() {
        var r = api.registerPublisher(publisherKey(99), "demo", "http://127.0.0.1:8000");
        if (r.statusCode() != 201) {
            throw new AssertionError("publisher registration: " + r.statusCode() + " " + r.body());
        }
    }

    /** The node's JSON from {@code GET /v1/nodes/{id}}. */
    public JsonNode node(TestNode n) {
        var r = api.get("/v1/nodes/" + n.id());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET node: " + r.statusCode() + " " + r.body());
        }
        return ApiClient.json(r);
    }

    /** Waits until the node has {@code state}. */
    public void awaitState(TestNode n, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> node(n).get("state").asText().equals(state));
    }

    /** A-record addresses for {@code name} from the tracker's DNS over UDP, queried from {@code source}. */
    public List<String> dnsA(String name, String source) throws IOException {
        SimpleResolver resolver = new SimpleResolver(tracker.dnsAddress());
        resolver.setLocalAddress(new InetSocketAddress(InetAddress.getByName(source), 0));
        resolver.setTimeout(Duration.ofSeconds(3));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A,
                DClass.IN)));
        List<String> out = new ArrayList<>();
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
        meters.close();
    }
}
