package dev.edgeweave.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry lives in SQLite under the data directory and survives a restart. */
class TrackerRestartTest {

    @TempDir
    Path dir;

    @Test
    void the_registry_survives_a_restart_and_nodes_are_unknown_until_they_heartbeat() throws Exception {
        try (TrackerFixture t = TrackerFixture.start(dir);
             TestNode node = new TestNode(1, "127.0.0.11")) {
            t.registerDemo();
            assertThat(t.api.register(node, "r0").statusCode()).isEqualTo(201);
            t.awaitState(node, "healthy");
            long beforeRestart = System.currentTimeMillis();
            assertThat(t.api.heartbeat(node, beforeRestart).statusCode()).isEqualTo(200);
            assertThat(Files.exists(dir.resolve("data/tracker.db"))).isTrue();

            t.restart();

            JsonNode n = t.node(node);
            assertThat(n.get("state").asText()).isEqualTo("unknown");
            assertThat(n.get("reason").asText()).isEqualTo("no heartbeat since the tracker started");
            assertThat(n.get("url").asText()).isEqualTo("http://127.0.0.11:8080");
            assertThat(n.get("region").asText()).isEqualTo("r0");
            assertThat(n.get("heartbeat").get("ts").asLong()).isEqualTo(beforeRestart);
            JsonNode publishers = ApiClient.json(t.api.get("/v1/publishers"));
            assertThat(publishers.get("version").asLong()).isEqualTo(1);
            assertThat(publishers.get("publishers").get(0).get("host").asText()).isEqualTo("demo.cdn.test");
            assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).isEmpty();

            // a heartbeat signed before the restart cannot be replayed after it
            HttpResponse<String> replay = t.api.heartbeat(node, beforeRestart);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(t.api.heartbeat(node, System.currentTimeMillis()).statusCode()).isEqualTo(200);
                assertThat(t.node(node).get("state").asText()).isEqualTo("healthy");
            });
            assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.11");
        }
    }

    @Test
    void a_drained_node_stays_drained_across_a_restart() throws Exception {
        try (TrackerFixture t = TrackerFixture.start(dir);
             TestNode node = new TestNode(1, "127.0.0.11")) {
            assertThat(t.api.register(node, "r0").statusCode()).isEqualTo(201);
            assertThat(t.api.signed("POST", "/v1/nodes/" + node.id() + "/drain",
                    "{\"ts\":" + System.currentTimeMillis() + "}", node.key).statusCode()).isEqualTo(200);
            t.restart();
            assertThat(t.node(node).get("state").asText()).isEqualTo("draining");
        }
    }
}
