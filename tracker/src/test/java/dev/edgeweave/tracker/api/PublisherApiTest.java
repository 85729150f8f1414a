package dev.edgeweave.tracker.api;

import static dev.edgeweave.tracker.api.NodeRegistrationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TrackerFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherApiTest {

    @TempDir
    Path dir;
    TrackerFixture t;
    final Ed25519KeyPair owner = TrackerFixture.publisherKey(7);
    final Ed25519KeyPair other = TrackerFixture.publisherKey(8);

    @BeforeEach
    void start() throws Exception {
        t = TrackerFixture.start(dir);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void registration_gives_the_host_in_the_zone_and_appears_in_the_table() {
        HttpResponse<String> r = t.api.registerPublisher(owner, "demo", "http://127.0.0.1:8000");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("{\"name\":\"demo\",\"host\":\"demo.cdn.test\"}");

        JsonNode table = ApiClient.json(t.api.get("/v1/publishers"));
        assertThat(table.get("version").asLong()).isEqualTo(1);
        JsonNode p = table.get("publishers").get(0);
        assertThat(p.get("name").asText()).isEqualTo("demo");
        assertThat(p.get("host").asText()).isEqualTo("demo.cdn.test");
        assertThat(p.get("origin").asText()).isEqualTo("http://127.0.0.1:8000");
        assertThat(p.get("publicKey").asText()).isEqualTo(owner.publicKey().hex());
        assertThat(p.get("allowUnsafeMethods").asBoolean()).isTrue();
    }

    @Test
    void the_same_name_under_another_key_is_a_conflict() {
        assertThat(t.api.registerPublisher(owner, "demo", "http://127.0.0.1:8000").statusCode()).isEqualTo(201);
        HttpResponse<String> r = t.api.registerPublisher(other, "demo", "http://10.0.0.1:80");
        assertError(r, 409, "name_taken", "name: 'demo' belongs to another publisher key");
        JsonNode table = ApiClient.json(t.api.get("/v1/publishers"));
        assertThat(table.get("version").asLong()).isEqualTo(1);
        assertThat(table.get("publishers").get(0).get("origin").asText()).isEqualTo("http://127.0.0.1:8000");
    }

    @Test
    void the_owner_updates_its_origin_and_the_version_grows_only_on_change() {
        assertThat(t.api.registerPublisher(owner, "demo", "http://127.0.0.1:8000").statusCode()).isEqualTo(201);
        assertThat(t.api.registerPublisher(owner, "demo", "http://127.0.0.1:8000").statusCode()).isEqualTo(201);
        assertThat(ApiClient.json(t.api.get("/v1/publishers")).get("version").asLong()).isEqualTo(1);
        assertThat(t.api.registerPublisher(owner, "demo", "https://origin.example/base").statusCode()).isEqualTo(201);
        JsonNode table = ApiClient.json(t.api.get("/v1/publishers"));
        assertThat(table.get("version").asLong()).isEqualTo(2);
        assertThat(table.get("publishers").get(0).get("origin").asText()).isEqualTo("https://origin.example/base");
    }

    @Test
    void the_table_answers_304_while_its_version_is_unchanged() {
        t.api.registerPublisher(owner, "demo", "http://127.0.0.1:8000");
        HttpResponse<String> first = t.api.get("/v1/publishers");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo("\"1\"");
        HttpResponse<String> again = t.api.send("GET", "/v1/publishers", null, Map.of("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        t.api.registerPublisher(owner, "other", "http://127.0.0.1:8001");
        assertThat(t.api.send("GET", "/v1/publishers", null, Map.of("If-None-Match", etag)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refuses_bad_names_origins_and_signatures_naming_the_field() {
        assertError(t.api.registerPublisher(owner, "Demo_1", "http://127.0.0.1:8000"), 400, "invalid_field",
                "name: 'Demo_1' (expected: 1-63 characters of a-z, 0-9 and '-'");
        assertError(t.api.registerPublisher(owner, "a".repeat(64), "http://127.0.0.1:8000"), 400, "invalid_field",
                "name: '" + "a".repeat(64) + "'");
        assertError(t.api.registerPublisher(owner, "ns1", "http://127.0.0.1:8000"), 400, "invalid_field",
                "name: 'ns1' is reserved");
        assertError(t.api.registerPublisher(owner, "demo", "file:///etc/passwd"), 400, "invalid_field",
                "origin: 'file:///etc/passwd' is not an http or https URL");
        assertError(t.api.registerPublisher(owner, "demo", "http://user:pw@127.0.0.1/"), 400, "invalid_field",
                "origin: 'http://user:pw@127.0.0.1/' has user info");

        ObjectNode body = ApiClient.JSON.createObjectNode();
        body.put("name", "demo");
        body.put("origin", "http://127.0.0.1:8000");
        body.put("publicKey", owner.publicKey().hex());
        body.put("nonce", t.api.nonce());
        assertError(t.api.signed("POST", "/v1/publishers", body.toString(), other), 401, "bad_signature",
                "with key " + owner.publicKey().hex());
        assertThat(ApiClient.json(t.api.get("/v1/publishers")).get("publishers")).isEmpty();
    }
}
