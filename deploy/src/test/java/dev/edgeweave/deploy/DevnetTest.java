package dev.edgeweave.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The devnet as a newcomer meets it: endpoints.json, the HLS stream through nodes, real ffmpeg. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevnetTest {

    @TempDir
    static Path dir;

    Devnet devnet;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void start() throws Exception {
        devnet = Devnet.start(new Devnet.Config(3, dir, "cdn.test", 0, 0, 0, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode nodes = json(devnet.tracker().apiUri().resolve("/v1/nodes"));
            int healthy = 0;
            for (JsonNode n : nodes.path("nodes")) {
                healthy += n.path("state").asText().equals("healthy") ? 1 : 0;
            }
            return healthy == 3;
        });
    }

    @AfterAll
    void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private JsonNode json(URI uri) throws Exception {
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<byte[]> viaNode(int i, String path) throws Exception {
        URI node = devnet.nodes().get(i).url();
        return http.send(HttpRequest.newBuilder(URI.create("http://" + node.getHost() + ":" + node.getPort()
                + "/~/demo.cdn.test" + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void endpoints_json_names_every_endpoint_with_the_documented_addressing() throws Exception {
        JsonNode e = new ObjectMapper().readTree(Files.readString(dir.resolve("endpoints.json")));
        assertThat(e.path("zone").asText()).isEqualTo("cdn.test");
        assertThat(e.path("publisher").path("host").asText()).isEqualTo("demo.cdn.test");
        assertThat(e.path("stream").asText()).isEqualTo("/hls/index.m3u8");
        assertThat(e.path("dns").asText()).startsWith("127.0.0.1:");
        List<String> urls = new ArrayList<>();
        e.path("nodes").forEach(n -> urls.add(n.path("url").asText()));
        assertThat(urls).hasSize(3);
        assertThat(urls.get(0)).startsWith("http://127.0.0.11:");
        assertThat(urls.get(1)).startsWith("http://127.0.0.12:");
        assertThat(urls.get(2)).startsWith("http://127.0.0.13:");
        assertThat(e.path("nodes").get(1).path("region").asText()).isEqualTo("r1");
    }

    @Test
    void the_demo_stream_is_served_by_every_node_and_cached() throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> playlist = viaNode(i, "/hls/index.m3u8");
            assertThat(playlist.statusCode()).isEqualTo(200);
            assertThat(new String(playlist.body())).startsWith("#EXTM3U").contains("seg-000.ts");
            HttpResponse<byte[]> seg = viaNode(i, "/hls/seg-001.ts");
            assertThat(seg.statusCode()).isEqualTo(200);
            assertThat(seg.body().length).isGreaterThan(10_000);
        }
        long before = devnet.originRequests();
        HttpResponse<byte[]> again = viaNode(1, "/hls/seg-001.ts");
        assertThat(again.headers().firstValue("Cache-Status").orElseThrow()).contains("hit");
        assertThat(devnet.originRequests()).isEqualTo(before);
    }

    @Test
    void the_http_redirect_mode_sends_a_viewer_to_a_node_that_serves_the_stream() throws Exception {
        HttpClient follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> r = follow.send(HttpRequest.newBuilder(
                devnet.tracker().apiUri().resolve("/r/demo.cdn.test/hls/index.m3u8")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.uri().getPath()).isEqualTo("/~/demo.cdn.test/hls/index.m3u8");
        assertThat(r.body()).startsWith("#EXTM3U");
        // a relative segment URL resolves under the same prefix and is served too
        HttpResponse<byte[]> seg = http.send(HttpRequest.newBuilder(r.uri().resolve("seg-000.ts")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(seg.statusCode()).isEqualTo(200);
    }

    @Test
    void an_unregistered_host_is_refused_with_a_reason() throws Exception {
        URI node = devnet.nodes().get(0).url();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(node.resolve("/hls/index.m3u8")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(421);
        assertThat(r.body()).contains("not served by this node");
    }

    @Test
    void ffmpeg_plays_the_stream_through_a_node_and_the_second_run_comes_from_cache() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")),
                "ffmpeg is not installed (scripts/test-all.sh installs it)");
        URI node = devnet.nodes().get(2).url();
        String url = "http://" + node.getHost() + ":" + node.getPort() + "/hls/index.m3u8";
        assertThat(ffmpeg(url)).isZero();
        long before = devnet.originRequests();
        assertThat(ffmpeg(url)).isZero();
        // the playlist may have expired (max-age=2) and been revalidated; segments never go back
        assertThat(devnet.originRequests() - before).isLessThanOrEqualTo(1);
    }

    private int ffmpeg(String url) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-headers",
                "Host: demo.cdn.test\r\n", "-i", url, "-c", "copy", "-f", "null", "-")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        assertThat(out).as("ffmpeg output").doesNotContain("Error");
        return p.exitValue();
    }
}
