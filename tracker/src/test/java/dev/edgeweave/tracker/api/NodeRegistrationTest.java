package dev.edgeweave.tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRegistrationTest {

    @TempDir
    Path dir;
    TrackerFixture t;
    TestNode node;

    @BeforeEach
    void start() throws Exception {
        t = TrackerFixture.start(dir);
        node = new TestNode(1, "127.0.0.11");
    }

    @AfterEach
    void stop() {
        node.close();
        t.close();
    }

    @Test
    void registers_with_valid_signature_and_appears_in_node_list_and_dns_answers() throws Exception {
        t.registerDemo();
        HttpResponse<String> r = t.api.register(node, "r0");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = ApiClient.json(r);
        assertThat(body.get("id").asText()).isEqualTo(node.id());
        assertThat(body.get("region").asText()).isEqualTo("r0");
        assertThat(body.get("heartbeatSeconds").asInt()).isEqualTo(1);
        assertThat(body.get("heartbeatTimeoutSeconds").asInt()).isEqualTo(10);
        assertThat(body.size()).isEqualTo(4);

        JsonNode list = ApiClient.json(t.api.get("/v1/nodes")).get("nodes");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asText()).isEqualTo(node.id());
        assertThat(list.get(0).get("url").asText()).isEqualTo("http://127.0.0.11:8080");

        // joins DNS answers once its first health probe passed
        t.awaitState(node, "healthy");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.11"));
    }

    @Test
    void refuses_a_signature_by_another_key() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        byte[] bytes = reg.toString().getBytes(StandardCharsets.UTF_8);
        TestNode other = null;
        try {
            other = new TestNode(2, "127.0.0.12");
            String sig = HexFormat.of().formatHex(other.key.sign(bytes));
            HttpResponse<String> r = t.api.send("POST", "/v1/nodes", bytes, Map.of("EdgeWeave-Signature", sig));
            assertError(r, 401, "bad_signature", "EdgeWeave-Signature: does not verify");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("EdgeWeave-Signature");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } finally {
            if (other != null) {
                other.close();
            }
        }
        assertThat(ApiClient.json(t.api.get("/v1/nodes")).get("nodes")).isEmpty();
    }

    @Test
    void refuses_a_signature_over_other_bytes_than_the_body() {
        String body = ApiClient.registration(node, "r0", t.api.nonce()).toString();
        String sig = HexFormat.of().formatHex(node.key.sign((body + " ").getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> r = t.api.send("POST", "/v1/nodes", body.getBytes(StandardCharsets.UTF_8),
                Map.of("EdgeWeave-Signature", sig));
        assertError(r, 401, "bad_signature", "does not verify over the request body");
    }

    @Test
    void refuses_a_missing_or_malformed_signature_header() {
        byte[] body = ApiClient.registration(node, "r0", t.api.nonce()).toString().getBytes(StandardCharsets.UTF_8);
        assertError(t.api.send("POST", "/v1/nodes", body, Map.of()), 401, "missing_signature",
                "EdgeWeave-Signature: missing");
        assertError(t.api.send("POST", "/v1/nodes", body, Map.of("EdgeWeave-Signature", "abcd")), 401,
                "bad_signature", "EdgeWeave-Signature: 4 characters (expected: 128 hex digits)");
        assertError(t.api.send("POST", "/v1/nodes", body, Map.of("EdgeWeave-Signature", "zz".repeat(64))), 401,
                "bad_signature", "not hex");
    }

    @Test
    void refuses_a_reused_nonce() {
        String nonce = t.api.nonce();
        String body = ApiClient.registration(node, "r0", nonce).toString();
        assertThat(t.api.signed("POST", "/v1/nodes", body, node.key).statusCode()).isEqualTo(201);

        HttpResponse<String> again = t.api.signed("POST", "/v1/nodes", body, node.key);
        assertError(again, 400, "bad_nonce", "nonce: unknown or already used");
    }

    @Test
    void refuses_a_nonce_the_tracker_never_issued() {
        String body = ApiClient.registration(node, "r0", "ab".repeat(32)).toString();
        assertError(t.api.signed("POST", "/v1/nodes", body, node.key), 400, "bad_nonce", "nonce: unknown");
        body = ApiClient.registration(node, "r0", "xyz").toString();
        assertError(t.api.signed("POST", "/v1/nodes", body, node.key), 400, "bad_nonce",
                "nonce: 'xyz' (expected: 64 hex digits");
    }

    @Test
    void refuses_an_unknown_field_naming_it() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.put("colour", "blue");
        HttpResponse<String> r = t.api.signed("POST", "/v1/nodes", reg.toString(), node.key);
        assertError(r, 400, "unknown_field", "unknown field 'colour' (expected one of: admin, maxMbps, nonce,"
                + " publicKey, region, url)");
    }

    @Test
    void refuses_malformed_json() {
        HttpResponse<String> r = t.api.signed("POST", "/v1/nodes", "{\"publicKey\": ", node.key);
        assertError(r, 400, "malformed_json", "body: malformed JSON");
        r = t.api.signed("POST", "/v1/nodes", "[1,2]", node.key);
        assertError(r, 400, "malformed_json", "body: not a JSON object");
        r = t.api.signed("POST", "/v1/nodes", "", node.key);
        assertError(r, 400, "malformed_json", "body: empty");
    }

    @Test
    void refuses_a_field_of_the_wrong_type_naming_it() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.put("maxMbps", "lots");
        assertError(t.api.signed("POST", "/v1/nodes", reg.toString(), node.key), 400, "invalid_field",
                "maxMbps: wrong type (expected: an integer)");
    }

    @Test
    void refuses_a_url_whose_host_is_not_an_ip_address() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.put("url", "http://node.example.com:8080");
        HttpResponse<String> r = t.api.signed("POST", "/v1/nodes", reg.toString(), node.key);
        assertError(r, 400, "invalid_field", "url: host 'node.example.com'");
        assertThat(ApiClient.json(r).get("message").asText()).contains("is not an IP address");
    }

    @Test
    void refuses_a_non_http_url_and_a_missing_max() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.put("url", "ftp://127.0.0.11/");
        assertError(t.api.signed("POST", "/v1/nodes", reg.toString(), node.key), 400, "invalid_field",
                "url: 'ftp://127.0.0.11/' is not an http or https URL");
        reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.remove("maxMbps");
        assertError(t.api.signed("POST", "/v1/nodes", reg.toString(), node.key), 400, "invalid_field",
                "maxMbps: missing");
    }

    @Test
    void refuses_an_admin_url_on_another_address() {
        ObjectNode reg = ApiClient.registration(node, "r0", t.api.nonce());
        reg.put("admin", "http://127.0.0.99:9090");
        assertError(t.api.signed("POST", "/v1/nodes", reg.toString(), node.key), 400, "invalid_field",
                "admin: host 127.0.0.99 differs from url host 127.0.0.11");
    }

    @Test
    void refuses_a_region_that_is_not_in_the_coverage_file() {
        HttpResponse<String> r = t.api.register(node, "mars");
        assertError(r, 400, "unknown_region", "region: 'mars' is not a region of the coverage file (expected: one of"
                + " [r0, r1])");
    }

    @Test
    void locates_the_region_from_the_url_when_none_is_given() throws Exception {
        try (TestNode inR1 = new TestNode(3, "127.0.2.11")) {
            HttpResponse<String> r = t.api.register(inR1, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(ApiClient.json(r).get("region").asText()).isEqualTo("r1");
        }
        try (TestNode nowhere = new TestNode(4, "127.0.9.11")) {
            assertError(t.api.register(nowhere, null), 400, "unknown_region",
                    "region: not given, and url host 127.0.9.11 is in no prefix of the coverage file");
        }
    }

    @Test
    void re_registration_with_the_same_key_updates_the_node() {
        assertThat(t.api.register(node, "r0").statusCode()).isEqualTo(201);
        HttpResponse<String> r = t.api.register(node, "r1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode list = ApiClient.json(t.api.get("/v1/nodes")).get("nodes");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("region").asText()).isEqualTo("r1");
    }

    @Test
    void refuses_a_body_over_64_kib_with_a_json_413() {
        byte[] big = new byte[70 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> r = t.api.send("POST", "/v1/nodes", big, Map.of("EdgeWeave-Signature", "00"));
        assertError(r, 413, "body_too_large", "body: more than 65536 bytes");
    }

    static void assertError(HttpResponse<String> r, int status, String code, String messagePart) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = ApiClient.json(r);
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).contains(messagePart);
    }
}
