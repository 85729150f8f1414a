package dev.edgeweave.tracker.api;

import static dev.edgeweave.tracker.api.NodeRegistrationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heartbeats, health probes, drain and removal over the real API, checked in the real DNS answers. */
class NodeHealthApiTest {

    @TempDir
    Path dir;
    TrackerFixture t;
    TestNode a;
    TestNode b;

    @BeforeEach
    void start() throws Exception {
        t = TrackerFixture.start(dir);
        t.registerDemo();
        a = new TestNode(1, "127.0.0.11");
        b = new TestNode(2, "127.0.0.12");
        assertThat(t.api.register(a, "r0").statusCode()).isEqualTo(201);
        assertThat(t.api.register(b, "r0").statusCode()).isEqualTo(201);
        t.awaitState(a, "healthy");
        t.awaitState(b, "healthy");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        t.close();
    }

    @Test
    void accepts_a_heartbeat_and_reports_its_figures() {
        long ts = System.currentTimeMillis();
        HttpResponse<String> r = t.api.heartbeat(a, ts);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode ack = ApiClient.json(r);
        assertThat(ack.get("state").asText()).isEqualTo("healthy");
        assertThat(ack.get("reason").isNull()).isTrue();
        assertThat(ack.get("publishersVersion").asLong()).isEqualTo(1);

        JsonNode hb = t.node(a).get("heartbeat");
        assertThat(hb.get("ts").asLong()).isEqualTo(ts);
        assertThat(hb.get("spareMbps").asLong()).isEqualTo(800);
        assertThat(hb.get("load").asDouble()).isEqualTo(0.2);
        assertThat(hb.get("version").asText()).isEqualTo("test-1");
    }

    @Test
    void refuses_a_replayed_heartbeat_with_the_same_ts() {
        long ts = System.currentTimeMillis();
        assertThat(t.api.heartbeat(a, ts).statusCode()).isEqualTo(200);
        assertError(t.api.heartbeat(a, ts), 409, "stale_timestamp", "ts: " + ts + " is not after " + ts);
        assertError(t.api.heartbeat(a, ts - 1), 409, "stale_timestamp", "is not after");
        assertThat(t.api.heartbeat(a, ts + 1).statusCode()).isEqualTo(200);
    }

    @Test
    void refuses_a_ts_too_far_from_the_tracker_clock() {
        long now = System.currentTimeMillis();
        assertError(t.api.heartbeat(a, now - 120_000), 400, "clock_skew", "behind the tracker clock (expected: within"
                + " 60 s");
        assertError(t.api.heartbeat(a, now + 120_000), 400, "clock_skew", "ahead of the tracker clock");
    }

    @Test
    void refuses_a_heartbeat_signed_by_another_node() {
        String body = ApiClient.heartbeatBody(System.currentTimeMillis(), 0.1, 10);
        assertError(t.api.signed("POST", "/v1/nodes/" + a.id() + "/heartbeat", body, b.key), 401, "bad_signature",
                "with key " + a.id());
    }

    @Test
    void refuses_a_heartbeat_for_an_unknown_node() {
        String id = "ab".repeat(32);
        assertError(t.api.signed("POST", "/v1/nodes/" + id + "/heartbeat", "{}", a.key), 404, "unknown_node",
                "node '" + id + "' is not registered");
        assertError(t.api.signed("POST", "/v1/nodes/zz/heartbeat", "{}", a.key), 404, "unknown_node", "node 'zz'");
    }

    @Test
    void refuses_heartbeat_fields_out_of_range_naming_them() {
        long ts = System.currentTimeMillis();
        String path = "/v1/nodes/" + a.id() + "/heartbeat";
        assertError(t.api.signed("POST", path, ApiClient.heartbeatBody(ts, 1.5, 10), a.key), 400, "invalid_field",
                "load: 1.5 (expected: 0.0-1.0)");
        assertError(t.api.signed("POST", path, ApiClient.heartbeatBody(ts, 0.5, 5000), a.key), 400, "invalid_field",
                "spareMbps: 5000 (expected: 0-1000, at most maxMbps)");
        assertError(t.api.signed("POST", path, "{\"ts\":" + ts + ",\"load\":0.1,\"spareMbps\":1}", a.key), 400,
                "invalid_field", "maxMbps: missing");
        assertError(t.api.signed("POST", path, "{\"ts\":" + ts + ",\"load\":0.1,\"spareMbps\":1,\"maxMbps\":2,"
                + "\"ts\":" + (ts + 1) + "}", a.key), 400, "malformed_json", "Duplicate field 'ts'");
    }

    @Test
    void a_node_whose_health_probe_fails_is_marked_down_with_the_reason_and_comes_back() throws Exception {
        a.health(503, "disk full\nmore detail");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode n = t.node(a);
            assertThat(n.get("state").asText()).isEqualTo("unhealthy");
            assertThat(n.get("reason").asText()).startsWith("health probe failed: HTTP 503: disk full");
            assertThat(n.get("probe").get("ok").asBoolean()).isFalse();
        });
        assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.12");

        a.health(200, "ok");
        t.awaitState(a, "healthy");
        assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
    }

    @Test
    void a_node_whose_admin_port_is_closed_is_down_with_connection_refused() {
        b.stopAdmin();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(t.node(b).get("reason").asText()).startsWith("health probe failed: connection refused"));
    }

    @Test
    void drain_removes_the_node_from_answers() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).hasSize(2));
        HttpResponse<String> r = t.api.signed("POST", "/v1/nodes/" + a.id() + "/drain",
                "{\"ts\":" + System.currentTimeMillis() + "}", a.key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ApiClient.json(r).get("state").asText()).isEqualTo("draining");
        assertThat(ApiClient.json(r).get("draining").asBoolean()).isTrue();
        assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.12");
        assertThat(t.api.get("/r/demo.cdn.test/x/y").headers().firstValue("Location"))
                .hasValue("http://127.0.0.12:8080/~/demo.cdn.test/x/y");
    }

    @Test
    void a_drain_needs_a_fresh_ts_and_the_node_signature() {
        long ts = System.currentTimeMillis();
        assertThat(t.api.heartbeat(a, ts).statusCode()).isEqualTo(200);
        assertError(t.api.signed("POST", "/v1/nodes/" + a.id() + "/drain", "{\"ts\":" + ts + "}", a.key), 409,
                "stale_timestamp", "is not after");
        assertError(t.api.signed("POST", "/v1/nodes/" + a.id() + "/drain", "{\"ts\":" + (ts + 1) + "}", b.key), 401,
                "bad_signature", "does not verify");
        assertThat(t.node(a).get("state").asText()).isEqualTo("healthy");
    }

    @Test
    void delete_removes_the_node() throws Exception {
        HttpResponse<String> r = t.api.signed("DELETE", "/v1/nodes/" + a.id(),
                "{\"ts\":" + System.currentTimeMillis() + "}", a.key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(t.api.get("/v1/nodes/" + a.id()).statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(t.api.get("/v1/nodes")).get("nodes")).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.12"));
    }
}
