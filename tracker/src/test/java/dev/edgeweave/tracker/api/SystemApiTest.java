package dev.edgeweave.tracker.api;

import static dev.edgeweave.tracker.api.NodeRegistrationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemApiTest {

    @TempDir
    Path dir;
    TrackerFixture t;

    @BeforeEach
    void start() throws Exception {
        t = TrackerFixture.start(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void health_answers_ok() {
        HttpResponse<String> r = t.api.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
    }

    @Test
    void nonce_is_64_hex_digits_and_fresh_each_time() {
        HttpResponse<String> r = t.api.get("/v1/nonce");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).matches("\\{\"nonce\":\"[0-9a-f]{64}\"}");
        assertThat(t.api.nonce()).isNotEqualTo(t.api.nonce());
    }

    @Test
    void metrics_are_a_prometheus_scrape_with_node_states_and_api_requests() throws Exception {
        try (TestNode n = new TestNode(1, "127.0.0.11")) {
            assertThat(t.api.register(n, "r0").statusCode()).isEqualTo(201);
            t.awaitState(n, "healthy");
            t.api.heartbeat(n, System.currentTimeMillis());
            HttpResponse<String> r = t.api.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(r.body())
                    .contains("edgeweave_tracker_nodes{state=\"healthy\"} 1.0")
                    .contains("edgeweave_tracker_nodes{state=\"unhealthy\"} 0.0")
                    .contains("edgeweave_tracker_api_requests_total{endpoint=\"POST /v1/nodes\",status=\"201\"} 1.0")
                    .contains("edgeweave_tracker_registrations_total{result=\"created\"} 1.0")
                    .contains("edgeweave_tracker_heartbeats_total{result=\"accepted\"} 1.0")
                    .contains("edgeweave_tracker_probes_total{result=\"passed\"}");
        }
    }

    @Test
    void unknown_paths_are_404_and_wrong_methods_405_with_allow() {
        assertError(t.api.get("/v2/anything"), 404, "not_found", "path: '/v2/anything' is not an API endpoint");
        HttpResponse<String> r = t.api.send("PUT", "/v1/nodes", new byte[0], Map.of());
        assertError(r, 405, "method_not_allowed", "method: PUT on /v1/nodes (expected: one of [GET, POST])");
        assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void pipelined_requests_are_answered_in_order() throws Exception {
        var a = t.tracker.apiAddress();
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            // a database-bound request, then an event-loop one, then a 404: answers must keep this order
            out.write(("GET /v1/nonce HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = readAll(s.getInputStream());
            int nonce = all.indexOf("{\"nonce\":");
            int ok = all.indexOf("\r\n\r\nok\n");
            int notFound = all.indexOf("HTTP/1.1 404");
            assertThat(nonce).as(all).isPositive();
            assertThat(ok).as(all).isGreaterThan(nonce);
            assertThat(notFound).as(all).isGreaterThan(ok);
        }
    }

    @Test
    void a_request_that_is_not_http_gets_a_json_400() throws Exception {
        var a = t.tracker.apiAddress();
        try (Socket s = new Socket(a.getAddress(), a.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String all = readAll(s.getInputStream());
            assertThat(all).startsWith("HTTP/1.1 400").contains("\"error\":\"bad_request\"");
        }
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
