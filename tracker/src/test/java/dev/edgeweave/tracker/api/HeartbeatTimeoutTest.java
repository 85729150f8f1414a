package dev.edgeweave.tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.TrackerFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a 2 s heartbeat timeout, a silent node leaves the real DNS answers well within 10 s. */
class HeartbeatTimeoutTest {

    @TempDir
    Path dir;

    @Test
    void a_node_that_stops_heartbeating_leaves_dns_answers_and_returns_when_it_heartbeats_again() throws Exception {
        try (TrackerFixture t = TrackerFixture.start(dir, c -> c.withHeartbeat(Duration.ofSeconds(1),
                Duration.ofSeconds(2)));
             TestNode a = new TestNode(1, "127.0.0.11");
             TestNode b = new TestNode(2, "127.0.0.12")) {
            t.registerDemo();
            assertThat(t.api.register(a, "r0").statusCode()).isEqualTo(201);
            assertThat(t.api.register(b, "r0").statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                t.api.heartbeat(a, System.currentTimeMillis());
                t.api.heartbeat(b, System.currentTimeMillis());
                assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
            });

            assertThat(t.api.heartbeat(a, System.currentTimeMillis()).statusCode()).isEqualTo(200);
            long lastHeartbeat = System.nanoTime();
            // b keeps heartbeating, a goes silent
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(t.api.heartbeat(b, System.currentTimeMillis()).statusCode()).isEqualTo(200);
                assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.12");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - lastHeartbeat)).isLessThan(Duration.ofSeconds(10));
            JsonNode down = t.node(a);
            assertThat(down.get("state").asText()).isEqualTo("unhealthy");
            assertThat(down.get("reason").asText()).startsWith("missed heartbeats for ").endsWith("(timeout 2 s)");
            assertThat(t.node(b).get("state").asText()).isEqualTo("healthy");

            assertThat(t.api.heartbeat(a, System.currentTimeMillis()).statusCode()).isEqualTo(200);
            assertThat(t.node(a).get("state").asText()).isEqualTo("healthy");
            assertThat(t.dnsA("demo.cdn.test", "127.0.1.5")).containsExactlyInAnyOrder("127.0.0.11", "127.0.0.12");
        }
    }
}
