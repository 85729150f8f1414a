package dev.edgeweave.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** h2c with prior knowledge on the plaintext port, next to HTTP/1.1 on the same port. */
class H2cPriorKnowledgeTest {

    @TempDir
    Path dir;

    TlsFixture edge;

    @BeforeEach
    void start() throws Exception {
        edge = new TlsFixture(dir, TlsProvider.OPENSSL, true).start();
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    private InetSocketAddress plain() {
        return new InetSocketAddress("127.0.0.1", edge.node.httpAddress().getPort());
    }

    @Test
    void a_client_opening_with_the_h2_preface_is_served_over_h2c_and_http11_clients_on_the_same_port_too()
            throws Exception {
        edge.origin.serve("/p.txt", "max-age=600", "plain h2".getBytes(StandardCharsets.US_ASCII));
        String authority = "127.0.0.1:" + plain().getPort(); // the Host HttpClient sends below: one cache key
        try (H2TestClient c = H2TestClient.cleartext(plain())) {
            List<CompletableFuture<H2TestClient.Response>> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                all.add(c.get(authority, "/p.txt"));
            }
            for (var f : all) {
                H2TestClient.Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("plain h2");
            }
            H2TestClient.Response hit = c.get(authority, "/p.txt").get(30, TimeUnit.SECONDS);
            assertThat(hit.header("cache-status")).contains("hit");
        }
        HttpResponse<String> h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(edge.http("/p.txt")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(h1.statusCode()).isEqualTo(200);
        assertThat(h1.body()).isEqualTo("plain h2");
        assertThat(edge.origin.hits("/p.txt")).isEqualTo(1);
    }

    @Test
    void netty_conversion_headers_of_h2_requests_never_reach_the_origin() throws Exception {
        edge.origin.serve("/pass", "no-store", "x".getBytes(StandardCharsets.US_ASCII));
        try (H2TestClient c = H2TestClient.cleartext(plain())) {
            assertThat(c.get("edge.test", "/pass", "x-custom", "kept").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(edge.origin.lastHeader("/pass", "x-custom")).isEqualTo("kept");
        assertThat(edge.origin.lastHeader("/pass", "x-http2-scheme")).isNull();
        assertThat(edge.origin.lastHeader("/pass", "x-http2-stream-id")).isNull();
    }

    @Test
    void curl_with_http2_prior_knowledge_is_served_on_the_plaintext_port() throws Exception {
        assumeTrue(TlsBehaviourTest.curlHasHttp2(), "curl with the HTTP2 feature not installed (apt-get install -y curl): skipping");
        edge.origin.serve("/c.txt", "max-age=600", "curl h2c".getBytes(StandardCharsets.US_ASCII));
        String out = TlsBehaviourTest.run(List.of("curl", "-sS", "--http2-prior-knowledge", "--max-time", "30",
                "-w", "%{http_version} %{http_code} ", "-o", "/dev/stderr", edge.http("/c.txt").toString()), true).trim();
        assertThat(out).isEqualTo("2 200 curl h2c");
    }
}
