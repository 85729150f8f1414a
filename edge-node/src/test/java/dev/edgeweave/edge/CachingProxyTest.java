package dev.edgeweave.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The edge node as a caching reverse proxy, over real sockets, on each transport. */
@ParameterizedClass
@EnumSource(Transport.class)
class CachingProxyTest {

    @Parameter
    Transport transport;

    @TempDir
    Path dir;

    EdgeFixture edge;
    TestOrigin origin;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgeFixture(dir.resolve("cache"), transport).start();
        origin = edge.origin;
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void second_request_is_a_hit_without_an_origin_fetch() throws Exception {
        origin.on("/a.txt").header("Cache-Control", "max-age=60").body("hello");
        HttpResponse<byte[]> first = edge.get("/a.txt");
        HttpResponse<byte[]> second = edge.get("/a.txt");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(origin.hits("/a.txt")).isEqualTo(1);
        assertThat(first.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=uri-miss").contains("stored");
        assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).contains("hit");
        assertThat(second.headers().firstValue("Via").orElseThrow()).contains("edgeweave");
        assertThat(second.headers().firstValue("Age")).isPresent();
    }

    @Test
    void head_is_answered_from_the_cache_without_a_body() throws Exception {
        origin.on("/h").header("Cache-Control", "max-age=60").body("12345");
        edge.get("/h");
        HttpResponse<byte[]> head = edge.send(HttpRequest.newBuilder(edge.url("/h"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains("5");
        assertThat(head.body()).isEmpty();
        assertThat(origin.hits("/h")).isEqualTo(1);
    }

    @Test
    void put_passes_through_to_the_origin_and_invalidates_the_stored_url() throws Exception {
        origin.on("/doc").header("Cache-Control", "max-age=600").body("v1");
        edge.get("/doc");
        HttpResponse<byte[]> put = edge.send(HttpRequest.newBuilder(edge.url("/doc"))
                .PUT(HttpRequest.BodyPublishers.ofString("new body")));
        assertThat(put.statusCode()).isEqualTo(200);
        List<TestOrigin.Seen> seen = origin.requests("/doc");
        assertThat(seen).extracting(TestOrigin.Seen::method).containsExactly("GET", "PUT");
        assertThat(new String(seen.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("new body");
        origin.on("/doc").header("Cache-Control", "max-age=600").body("v2");
        assertThat(new String(edge.get("/doc").body(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(origin.hits("/doc")).isEqualTo(3);
    }

    @Test
    void two_hundred_concurrent_first_requests_make_exactly_one_origin_fetch() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        byte[] body = new byte[300_000];
        new java.util.Random(7).nextBytes(body);
        origin.on("/hot.ts").header("Cache-Control", "max-age=60").body(body).gate(gate);
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(edge.client.sendAsync(HttpRequest.newBuilder(edge.url("/hot.ts")).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> origin.hits("/hot.ts") == 1
                && edge.node.metrics().registry().get("edgeweave.coalesced.waiters").counter().count() >= 199);
        gate.countDown();
        for (var f : all) {
            HttpResponse<byte[]> r = f.get();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(body);
        }
        assertThat(origin.hits("/hot.ts")).isEqualTo(1);
    }

    @Test
    void a_range_is_served_while_the_object_is_still_filling() throws Exception {
        CountDownLatch mid = new CountDownLatch(1);
        origin.on("/big.bin").header("Cache-Control", "max-age=60").generated(4 << 20).pauseAfter(1 << 20, mid);
        CompletableFuture<HttpResponse<byte[]>> whole = edge.client.sendAsync(
                HttpRequest.newBuilder(edge.url("/big.bin")).build(), HttpResponse.BodyHandlers.ofByteArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> edge.node.store().get("127.0.0.1 /big.bin")
                .map(o -> o.available(0) >= 1000).orElse(false));
        HttpResponse<byte[]> part = edge.get("/big.bin", "Range", "bytes=100-999");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 100-999/" + (4 << 20));
        assertThat(part.body()).hasSize(900);
        for (int i = 0; i < 900; i++) {
            assertThat(part.body()[i]).isEqualTo(TestOrigin.generatedByte(100 + i));
        }
        mid.countDown();
        assertThat(whole.get().body()).hasSize(4 << 20);
        assertThat(origin.hits("/big.bin")).isEqualTo(1);
    }

    @Test
    void a_range_of_a_50_mib_object_fetches_only_the_slices_it_needs() throws Exception {
        long size = 50L << 20;
        origin.on("/huge.mp4").header("Cache-Control", "max-age=600").generated(size).ranges();
        long first = (20L << 20) + 5;
        long last = first + (1 << 20); // spans two slices: 20 and 21
        HttpResponse<byte[]> r = edge.get("/huge.mp4", "Range", "bytes=" + first + "-" + last);
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).contains("bytes " + first + "-" + last + "/" + size);
        assertThat(r.body()).hasSize((int) (last - first + 1));
        for (int i = 0; i < r.body().length; i += 4099) {
            assertThat(r.body()[i]).isEqualTo(TestOrigin.generatedByte(first + i));
        }
        // the response may end before the origin finished the second slice: wait for the fill
        await().atMost(Duration.ofSeconds(30)).until(() -> edge.node.store().get("127.0.0.1 /huge.mp4")
                .map(o -> o.hasSlice(20) && o.hasSlice(21)).orElse(false));
        assertThat(origin.bodyBytesSent()).isEqualTo(2L << 20);
        assertThat(origin.requests("/huge.mp4")).extracting(s -> s.header("Range"))
                .containsExactlyInAnyOrder("bytes=20971520-22020095", "bytes=22020096-23068671");
        HttpResponse<byte[]> again = edge.get("/huge.mp4", "Range", "bytes=" + first + "-" + (first + 10));
        assertThat(again.statusCode()).isEqualTo(206);
        assertThat(origin.hits("/huge.mp4")).isEqualTo(2);
    }

    @Test
    void if_none_match_on_a_cached_object_gets_304() throws Exception {
        origin.on("/e").header("Cache-Control", "max-age=60").header("ETag", "\"v1\"").body("etagged");
        edge.get("/e");
        HttpResponse<byte[]> r = edge.get("/e", "If-None-Match", "\"v1\"");
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(r.body()).isEmpty();
        assertThat(edge.get("/e", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(origin.hits("/e")).isEqualTo(1);
    }

    @Test
    void vary_keeps_variants_apart() throws Exception {
        origin.on("/v").header("Cache-Control", "max-age=60").header("Vary", "Accept-Language").body("english");
        assertThat(new String(edge.get("/v", "Accept-Language", "en").body())).isEqualTo("english");
        origin.on("/v").header("Cache-Control", "max-age=60").header("Vary", "Accept-Language").body("deutsch");
        assertThat(new String(edge.get("/v", "Accept-Language", "de").body())).isEqualTo("deutsch");
        assertThat(new String(edge.get("/v", "Accept-Language", "en").body())).isEqualTo("english");
        assertThat(new String(edge.get("/v", "Accept-Language", "de").body())).isEqualTo("deutsch");
        assertThat(origin.hits("/v")).isEqualTo(2);
    }

    @Test
    void no_store_responses_are_never_stored() throws Exception {
        origin.on("/private").header("Cache-Control", "no-store").body("secret");
        HttpResponse<byte[]> a = edge.get("/private");
        HttpResponse<byte[]> b = edge.get("/private");
        assertThat(new String(b.body())).isEqualTo("secret");
        assertThat(origin.hits("/private")).isEqualTo(2);
        assertThat(a.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=bypass");
        assertThat(edge.node.store().get("127.0.0.1 /private")).isEmpty();
    }

    @Test
    void stale_if_error_serves_stale_content_when_the_origin_is_down() throws Exception {
        origin.on("/s").header("Cache-Control", "max-age=0, stale-if-error=600").body("still here");
        edge.get("/s");
        origin.failing(true);
        HttpResponse<byte[]> r = edge.get("/s");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new String(r.body())).isEqualTo("still here");
        assertThat(r.headers().firstValue("Cache-Status").orElseThrow()).contains("stale-if-error");
        assertThat(origin.hits("/s")).isEqualTo(2);
    }

    @Test
    void without_stale_if_error_a_down_origin_gives_502_with_a_reason() throws Exception {
        origin.on("/n").header("Cache-Control", "max-age=0").body("x");
        edge.get("/n");
        origin.failing(true);
        HttpResponse<byte[]> r = edge.get("/n");
        assertThat(r.statusCode()).isEqualTo(503); // the origin's own error passes through
        origin.close();
        HttpResponse<byte[]> refused = edge.get("/never-seen");
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(new String(refused.body())).contains("connect");
    }

    @Test
    void stale_while_revalidate_answers_at_once_and_revalidates_once() throws Exception {
        origin.on("/swr").header("Cache-Control", "max-age=0, stale-while-revalidate=600").header("ETag", "\"1\"")
                .body("old");
        edge.get("/swr");
        CountDownLatch gate = new CountDownLatch(1);
        origin.on("/swr").header("Cache-Control", "max-age=600").header("ETag", "\"2\"").body("new").gate(gate);
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> r = edge.get("/swr");
            assertThat(new String(r.body())).isEqualTo("old");
            assertThat(r.headers().firstValue("Cache-Status").orElseThrow()).contains("stale-while-revalidate");
        }
        gate.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> new String(edge.get("/swr").body()).equals("new"));
        assertThat(origin.hits("/swr")).isEqualTo(2);
    }

    @Test
    void a_restart_keeps_disk_entries_without_asking_the_origin() throws Exception {
        byte[] body = new byte[3 << 20];
        new java.util.Random(1).nextBytes(body);
        origin.on("/keep.bin").header("Cache-Control", "max-age=600").body(body);
        edge.get("/keep.bin");
        edge.restart();
        HttpResponse<byte[]> r = edge.get("/keep.bin");
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.headers().firstValue("Cache-Status").orElseThrow()).contains("hit");
        assertThat(origin.hits("/keep.bin")).isEqualTo(1);
    }

    @Test
    void a_flipped_byte_in_a_disk_entry_is_detected_and_refetched() throws Exception {
        byte[] body = "the quick brown fox jumps over the lazy dog".repeat(1000).getBytes();
        origin.on("/c.txt").header("Cache-Control", "max-age=600").body(body);
        edge.get("/c.txt");
        edge.node.close();
        Path slice;
        try (Stream<Path> files = Files.walk(edge.cacheDir)) {
            slice = files.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == body.length;
                } catch (java.io.IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow();
        }
        byte[] onDisk = Files.readAllBytes(slice);
        onDisk[1234] ^= 0x20;
        Files.write(slice, onDisk);
        edge.start();
        HttpResponse<byte[]> r = edge.get("/c.txt");
        assertThat(r.body()).isEqualTo(body);
        assertThat(origin.hits("/c.txt")).isEqualTo(2);
    }

    @Test
    void a_body_that_fails_its_repr_digest_is_not_cached() throws Exception {
        byte[] good = "good body".getBytes();
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(good)) + ":";
        origin.on("/d").header("Cache-Control", "max-age=600").header("Repr-Digest", digest).body("evil body");
        try {
            edge.get("/d");
        } catch (java.io.IOException expected) {
            // the connection is cut: the viewer must not take the body as complete
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> edge.node.store().get("127.0.0.1 /d").isEmpty());
        int before = origin.hits("/d"); // the JDK client may have retried the cut GET once
        origin.on("/d").header("Cache-Control", "max-age=600").header("Repr-Digest", digest).body(good);
        assertThat(edge.get("/d").body()).isEqualTo(good);
        assertThat(edge.get("/d").body()).isEqualTo(good);
        assertThat(origin.hits("/d")).isEqualTo(before + 1);
    }

    @Test
    void only_if_cached_gets_504_on_a_miss_and_the_stored_copy_on_a_hit() throws Exception {
        origin.on("/oic").header("Cache-Control", "max-age=60").body("cached");
        HttpResponse<byte[]> miss = edge.get("/oic", "Cache-Control", "only-if-cached");
        assertThat(miss.statusCode()).isEqualTo(504);
        assertThat(new String(miss.body())).contains("only-if-cached");
        assertThat(origin.hits("/oic")).isZero();
        edge.get("/oic");
        assertThat(new String(edge.get("/oic", "Cache-Control", "only-if-cached").body())).isEqualTo("cached");
        assertThat(origin.hits("/oic")).isEqualTo(1);
    }

    @Test
    void metrics_and_status_are_on_the_admin_port() throws Exception {
        origin.on("/m").header("Cache-Control", "max-age=60").body("m");
        edge.get("/m");
        edge.get("/m");
        assertThat(edge.adminGet("/health")).isEqualTo("ok\n");
        assertThat(edge.adminGet("/metrics")).contains("edgeweave_requests_total").contains("edgeweave_origin_fetches_total")
                .contains("edgeweave_bytes_out_bytes_total");
        assertThat(edge.adminGet("/status")).contains("\"cache\"");
    }
}
