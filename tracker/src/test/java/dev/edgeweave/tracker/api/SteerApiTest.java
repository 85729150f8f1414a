package dev.edgeweave.tracker.api;

import static dev.edgeweave.tracker.api.NodeRegistrationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /r/HOST/PATH} redirects and {@code /v1/steer} explanations over the real API. */
class SteerApiTest {

    @TempDir
    Path dir;
    TrackerFixture t;
    List<TestNode> nodes;

    @BeforeEach
    void start() throws Exception {
        t = TrackerFixture.start(dir);
        t.registerDemo();
        nodes = List.of(new TestNode(1, "127.0.0.11"), new TestNode(2, "127.0.0.12"), new TestNode(3, "127.0.0.13"));
    }

    @AfterEach
    void stop() {
        nodes.forEach(TestNode::close);
        t.close();
    }

    private void registerAll() {
        for (TestNode n : nodes) {
            assertThat(t.api.register(n, "r0").statusCode()).isEqualTo(201);
        }
        for (TestNode n : nodes) {
            t.awaitState(n, "healthy");
        }
    }

    private String location(String path) {
        HttpResponse<String> r = t.api.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=20");
        return r.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void redirect_sends_the_same_path_to_the_same_node_and_keeps_the_query() {
        registerAll();
        String first = location("/r/demo.cdn.test/live/seg-00042.ts?token=abc");
        assertThat(first).matches("http://127\\.0\\.0\\.1[123]:8080/~/demo\\.cdn\\.test/live/seg-00042\\.ts\\?token=abc");
        assertThat(location("/r/demo.cdn.test/live/seg-00042.ts?token=abc")).isEqualTo(first);
        // objects in one directory share a node
        String node = first.substring(0, first.indexOf("/live/"));
        assertThat(location("/r/DEMO.cdn.test./live/index.m3u8")).isEqualTo(node + "/live/index.m3u8");
    }

    @Test
    void redirect_spreads_directories_over_the_region_nodes() {
        registerAll();
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            String loc = location("/r/demo.cdn.test/stream-" + i + "/seg-1.ts");
            chosen.add(loc.substring(0, loc.indexOf("/stream-")));
        }
        assertThat(chosen).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void redirect_refuses_unknown_hosts_and_says_when_no_node_is_available() {
        assertError(t.api.get("/r/nope.cdn.test/a.ts"), 404, "unknown_host", "host: 'nope.cdn.test' is not a"
                + " registered publisher hostname");
        assertError(t.api.get("/r/demo.cdn.test/a.ts"), 503, "no_node", "host demo.cdn.test: no healthy node");
    }

    @Test
    void steer_explains_the_ranking_with_its_components() throws Exception {
        try (TestNode inR1 = new TestNode(4, "127.0.2.11")) {
            assertThat(t.api.register(nodes.get(0), "r0").statusCode()).isEqualTo(201);
            assertThat(t.api.register(inR1, "r1").statusCode()).isEqualTo(201);
            t.awaitState(nodes.get(0), "healthy");
            t.awaitState(inR1, "healthy");

            HttpResponse<String> r = t.api.get("/v1/steer?host=demo.cdn.test&client=127.0.2.5");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode e = ApiClient.json(r);
            assertThat(e.get("client").asText()).isEqualTo("127.0.2.5");
            assertThat(e.get("location").get("region").asText()).isEqualTo("r1");
            assertThat(e.get("location").get("matchedPrefix").asText()).isEqualTo("127.0.2.0/24");
            JsonNode ranked = e.get("nodes");
            assertThat(ranked).hasSize(2);
            assertThat(ranked.get(0).get("id").asText()).isEqualTo(inR1.id());
            assertThat(ranked.get(0).get("rank").asInt()).isEqualTo(1);
            assertThat(ranked.get(0).get("distanceKm").asDouble()).isZero();
            assertThat(ranked.get(0).get("url").asText()).isEqualTo("http://127.0.2.11:8080");
            assertThat(ranked.get(0).get("why").asText()).startsWith("region r1 (same as client), 0 km, spare 100%");
            assertThat(ranked.get(1).get("id").asText()).isEqualTo(nodes.get(0).id());
            assertThat(ranked.get(1).get("distanceKm").asDouble()).isBetween(800.0, 950.0);
            assertThat(ranked.get(1).get("rendezvous").asText()).matches("0x[0-9a-f]{16}");
        }
    }

    @Test
    void steer_refuses_a_missing_host_and_a_bad_client() {
        assertError(t.api.get("/v1/steer"), 400, "invalid_field", "host: missing");
        assertError(t.api.get("/v1/steer?host=demo.cdn.test&client=example.com"), 400, "invalid_field",
                "client: 'example.com' (expected: an IPv4 or IPv6 address)");
        assertError(t.api.get("/v1/steer?host=other.cdn.test"), 404, "unknown_host", "other.cdn.test");
    }
}
