package dev.edgeweave.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tracker replicas sharing one database see each other's registrations, heartbeats and publishers,
 * and answer DNS alike: over PostgreSQL (the production shape, {@link PostgresReplicaTest}) and over
 * one SQLite file ({@link SqliteReplicaTest}).
 */
abstract class ReplicaTest {

    @TempDir
    Path dir;

    /** The configuration both replicas share (same database). */
    abstract TrackerConfig sharedConfig() throws Exception;

    @Test
    void replicas_sharing_a_database_see_each_others_changes() throws Exception {
        TrackerConfig base = sharedConfig();
        try (TrackerFixture one = new TrackerFixture(base).start();
             TrackerFixture two = new TrackerFixture(base).start();
             TestNode node = new TestNode(1, "127.0.0.11")) {
            one.registerDemo();
            assertThat(one.api.register(node, "r0").statusCode()).isEqualTo(201);
            one.awaitState(node, "healthy");

            // the node only ever talks to replica one; replica two learns from the database
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(one.api.heartbeat(node, System.currentTimeMillis()).statusCode()).isEqualTo(200);
                assertThat(two.node(node).get("state").asText()).isEqualTo("healthy");
                assertThat(two.dnsA("demo.cdn.test", "127.0.1.5")).containsExactly("127.0.0.11");
            });
            assertThat(ApiClient.json(two.api.get("/v1/publishers")).get("version").asLong()).isEqualTo(1);

            // a nonce from one replica is good at the other, once
            String nonce = one.api.nonce();
            String body = ApiClient.registration(node, "r1", nonce).toString();
            assertThat(two.api.signed("POST", "/v1/nodes", body, node.key).statusCode()).isEqualTo(201);
            assertThat(one.api.signed("POST", "/v1/nodes", body, node.key).statusCode()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(one.node(node).get("region").asText()).isEqualTo("r1"));

            // removal at one replica reaches the other
            assertThat(two.api.signed("DELETE", "/v1/nodes/" + node.id(),
                    "{\"ts\":" + (System.currentTimeMillis() + 1000) + "}", node.key).statusCode()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(one.api.get("/v1/nodes/" + node.id()).statusCode()).isEqualTo(404));
        }
    }
}
