package dev.edgeweave.tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.edgeweave.tracker.registry.HealthPolicy;
import dev.edgeweave.tracker.registry.HealthProbe;
import dev.edgeweave.tracker.registry.NodeRegistry;
import dev.edgeweave.tracker.registry.Nonces;
import dev.edgeweave.tracker.registry.PublisherRegistry;
import dev.edgeweave.tracker.registry.RegistryMetrics;
import dev.edgeweave.tracker.registry.SteeringFeed;
import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import dev.edgeweave.tracker.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API pipeline ({@code idle → http-codec → keep-alive → aggregator → api}) in an
 * {@link EmbeddedChannel}, with a real store and registries and a same-thread executor.
 */
class ApiPipelineTest {

    @TempDir
    Path dir;
    Store store;
    EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        store = Store.open("jdbc:sqlite:" + dir.resolve("t.db"));
        Clock clock = Clock.systemUTC();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Steering steering = new Steering(Coverage.empty(), SteeringConfig.of("cdn.test"));
        SteeringFeed feed = new SteeringFeed(steering);
        RegistryMetrics metrics = new RegistryMetrics(meters);
        Nonces nonces = new Nonces(store, clock, new SecureRandom(), Duration.ofSeconds(60), 100);
        HealthProbe probe = uri -> CompletableFuture.completedFuture(HealthProbe.Result.passed());
        NodeRegistry nodes = new NodeRegistry(store, Coverage.empty(), nonces, feed, probe,
                HealthPolicy.of(Duration.ofSeconds(10), Duration.ofSeconds(2)), clock, metrics);
        PublisherRegistry publishers = new PublisherRegistry(store, nonces, feed, "cdn.test", clock, metrics);
        nodes.load();
        publishers.load();
        ApiContext ctx = new ApiContext(nodes, publishers, nonces, steering, meters, 2, 10, 20);
        ch = new EmbeddedChannel(new ApiInitializer(new Routes(ctx), Runnable::run, new ApiMetrics(meters)));
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private String exchange(String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    @Test
    void answers_pipelined_requests_in_order_and_keeps_the_connection() {
        String out = exchange("GET /v1/nodes HTTP/1.1\r\nHost: t\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"
                + "DELETE /health HTTP/1.1\r\nHost: t\r\n\r\n");
        int nodes = out.indexOf("{\"nodes\":[]}");
        int ok = out.indexOf("\r\n\r\nok\n");
        int notAllowed = out.indexOf("HTTP/1.1 405 Method Not Allowed");
        assertThat(nodes).as(out).isPositive();
        assertThat(ok).as(out).isGreaterThan(nodes);
        assertThat(notAllowed).as(out).isGreaterThan(ok);
        assertThat(out.toLowerCase(java.util.Locale.ROOT)).contains("allow: get, head").contains("cache-control: no-store");
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void refuses_a_declared_body_over_64_kib_with_json_413_and_closes() {
        String out = exchange("POST /v1/nodes HTTP/1.1\r\nHost: t\r\nContent-Length: 70000\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 413 Request Entity Too Large")
                .contains("{\"error\":\"body_too_large\",\"message\":\"body: more than 65536 bytes");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void bad_percent_encoding_gets_a_json_400_and_the_connection_stays_usable() {
        String out = exchange("GET /v1/steer?host=%zz HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 400 Bad Request").contains("\"error\":\"invalid_path\"")
                .contains("bad percent-encoding");
        assertThat(exchange("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void head_gets_the_headers_without_the_body() {
        String out = exchange("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 200 OK").contains("content-length: 3").endsWith("\r\n\r\n");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void closes_after_answering_a_connection_close_request() {
        String out = exchange("GET /nope HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 404 Not Found").contains("\"error\":\"not_found\"");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
