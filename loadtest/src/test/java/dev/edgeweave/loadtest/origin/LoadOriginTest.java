package dev.edgeweave.loadtest.origin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.loadtest.viewer.TestClips;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadOriginTest {

    final Clip clip = TestClips.synthetic(3, 2.0, 5_000, 1);
    final HttpClient http = HttpClient.newHttpClient();
    LoadOrigin origin;

    @BeforeEach
    void start() throws Exception {
        origin = new LoadOrigin(clip, 4, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() {
        origin.close();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(origin.uri() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void serves_every_copy_of_the_clip_with_digest_etag_and_cache_rules() throws Exception {
        for (int k = 0; k < 4; k++) {
            HttpResponse<byte[]> p = get(LoadOrigin.streamPath(k));
            assertThat(p.statusCode()).isEqualTo(200);
            assertThat(p.body()).isEqualTo(clip.playlist());
            assertThat(p.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
        }
        HttpResponse<byte[]> seg = get("/s3/seg-001.ts");
        assertThat(seg.body()).isEqualTo(clip.segments().get("seg-001.ts"));
        assertThat(seg.headers().firstValue("Cache-Control")).hasValue("public, max-age=86400, immutable");
        assertThat(seg.headers().firstValue("Repr-Digest")).hasValue("sha-256=:" + Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(seg.body())) + ":");
        String etag = seg.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/s3/seg-001.ts", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/s4/seg-001.ts").statusCode()).as("only 4 copies").isEqualTo(404);
        assertThat(origin.requests()).isEqualTo(7);
        assertThat(origin.clipBitsPerSecond()).isEqualTo(5_000 * 8 / 2.0);
    }

    @Test
    void a_failing_origin_answers_503_until_it_recovers() throws Exception {
        origin.fail();
        HttpResponse<byte[]> r = get("/s0/seg-000.ts");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(new String(r.body())).contains("origin failure injected");
        assertThat(origin.failedRequests()).isEqualTo(1);
        origin.recover();
        assertThat(get("/s0/seg-000.ts").statusCode()).isEqualTo(200);
    }

    @Test
    void a_slow_origin_still_answers_every_request_in_order() throws Exception {
        origin.slow(Duration.ofMillis(300));
        assertThat(get("/s0/seg-000.ts").body()).isEqualTo(clip.segments().get("seg-000.ts"));
        assertThat(get("/s0/seg-002.ts").body()).isEqualTo(clip.segments().get("seg-002.ts"));
        origin.recover();
        assertThat(get("/s0/index.m3u8").statusCode()).isEqualTo(200);
    }
}
