package dev.edgeweave.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeweave.edge.PublicTestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS and HTTP/2 on a real edge node, over real loopback sockets, once per TLS provider. Clients are
 * real too: the JDK's HttpClient and SSLSocket, Netty's h2 client, a hand-written h2 frame writer for
 * the floods, and curl where installed.
 */
@ParameterizedClass
@EnumSource(TlsProvider.class)
class TlsBehaviourTest {

    /**
     * Sequential Connection: close requests in the open-files test. The issue asks for 20,000; on the
     * 2-core CI machine the suite runs fewer per provider (the leak it guards against, two descriptors per
     * connection, shows after a few hundred) — run {@code -Dedgeweave.tls.closeLoop=20000} for the full count.
     */
    static final int CLOSE_LOOP = Integer.getInteger("edgeweave.tls.closeLoop", 2000);
    static final String CC = "max-age=600";

    @Parameter
    TlsProvider provider;

    @TempDir
    Path dir;

    TlsFixture edge;
    PublicTestOrigin origin;

    @BeforeEach
    void start() throws Exception {
        edge = new TlsFixture(dir.resolve("node"), provider, true).start();
        origin = edge.origin;
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void https_get_head_and_range_are_served_through_the_cache_over_http11_and_h2() throws Exception {
        byte[] body = new byte[100_000];
        new Random(5).nextBytes(body);
        origin.serve("/seg.ts", CC, body);
        for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient c = edge.client(v);
            HttpResponse<byte[]> get = TlsFixture.send(c, HttpRequest.newBuilder(edge.https("/seg.ts")));
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.version()).isEqualTo(v);
            assertThat(get.body()).isEqualTo(body);
            HttpResponse<byte[]> head = TlsFixture.send(c, HttpRequest.newBuilder(edge.https("/seg.ts"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).contains("100000");
            assertThat(head.body()).isEmpty();
            HttpResponse<byte[]> range = TlsFixture.send(c, HttpRequest.newBuilder(edge.https("/seg.ts"))
                    .header("Range", "bytes=1000-1999"));
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).contains("bytes 1000-1999/100000");
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(body, 1000, 2000));
            assertThat(range.headers().firstValue("Cache-Status").orElseThrow()).contains("hit");
        }
        assertThat(origin.hits("/seg.ts")).isEqualTo(1);
    }

    @Test
    void sni_picks_the_certificate_of_the_name_and_the_default_for_no_or_an_unknown_name() throws Exception {
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        TlsSocketClient.Result a = fetch("a.example", null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(PemFiles.names(a.peer())).containsExactly("a.example");
        assertThat(a.peer().getPublicKey().getAlgorithm()).isEqualTo("RSA");
        TlsSocketClient.Result wild = fetch("cdn.b.example", null);
        assertThat(PemFiles.names(wild.peer())).containsExactly("*.b.example");
        assertThat(wild.peer().getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(PemFiles.names(fetch("unknown.example", null).peer())).contains("edge.test");
        assertThat(PemFiles.names(fetch("deep.cdn.b.example", null).peer())).contains("edge.test");
        assertThat(PemFiles.names(fetch(null, null).peer())).contains("edge.test");
        assertThat(edge.node.tlsCertificates().names()).containsExactly("*.b.example", "127.0.0.1", "a.example", "edge.test");
    }

    @Test
    void changed_certificate_files_are_served_to_new_connections_without_a_restart() throws Exception {
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        X509Certificate before = fetch("a.example", null).peer();
        X509Certificate renewed = edge.ca.issue(edge.certDir.resolve("a.example.crt"), edge.certDir.resolve("a.example.key"),
                DevCa.KeyType.EC_P256, TlsFixture.VALIDITY, "a.example", "www.a.example");
        assertThat(renewed.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        await().atMost(Duration.ofSeconds(30)).until(() -> serial("a.example").equals(renewed.getSerialNumber()));
        assertThat(serial("www.a.example")).isEqualTo(renewed.getSerialNumber());

        // A broken file keeps the version in use; a pair added later is picked up in the same way.
        Files.writeString(edge.certDir.resolve("a.example.crt"), "-----BEGIN CERTIFICATE-----\ntruncated\n");
        X509Certificate added = edge.ca.issue(edge.certDir.resolve("c.example.crt"), edge.certDir.resolve("c.example.key"),
                DevCa.KeyType.EC_P256, TlsFixture.VALIDITY, "c.example");
        await().atMost(Duration.ofSeconds(30)).until(() -> serial("c.example").equals(added.getSerialNumber()));
        assertThat(serial("a.example")).isEqualTo(renewed.getSerialNumber());
    }

    @Test
    void alpn_chooses_h2_or_http11_and_clients_without_alpn_get_http11() throws Exception {
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        try (SSLSocket s = TlsSocketClient.connect(edge.clientTls, edge.tlsAddress(), null, List.of("h2", "http/1.1"))) {
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
        }
        TlsSocketClient.Result h1 = fetch(null, List.of("http/1.1"));
        assertThat(h1.alpn()).isEqualTo("http/1.1");
        assertThat(h1.status()).isEqualTo(200);
        TlsSocketClient.Result none = fetch(null, null);
        assertThat(none.alpn()).isEmpty();
        assertThat(none.status()).isEqualTo(200);
        TlsSocketClient.Result unknown = fetch(null, List.of("spdy/3.1"));
        assertThat(unknown.alpn()).isEmpty();
        assertThat(unknown.status()).isEqualTo(200);
    }

    @Test
    void many_concurrent_h2_streams_on_one_connection_serve_hits_misses_and_ranges() throws Exception {
        byte[] hot = new byte[50_000];
        new Random(1).nextBytes(hot);
        origin.serve("/hot.ts", CC, hot);
        for (int i = 0; i < 10; i++) {
            origin.serve("/miss-" + i, CC, ("miss " + i).getBytes(StandardCharsets.US_ASCII));
        }
        origin.serveGenerated("/big.bin", CC, 3 << 20);
        try (H2TestClient c = H2TestClient.tls(edge.tlsAddress(), edge.caPem, "edge.test")) {
            assertThat(c.alpn).isEqualTo("h2");
            assertThat(c.get("edge.test", "/hot.ts").get(30, TimeUnit.SECONDS).body()).isEqualTo(hot); // now a hit
            List<CompletableFuture<H2TestClient.Response>> hits = new ArrayList<>();
            List<CompletableFuture<H2TestClient.Response>> misses = new ArrayList<>();
            List<CompletableFuture<H2TestClient.Response>> ranges = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                if (i % 10 == 3) {
                    misses.add(c.get("edge.test", "/miss-" + i / 10));
                } else if (i % 3 == 0) {
                    long first = i * 20_000L;
                    ranges.add(c.get("edge.test", "/big.bin", "range", "bytes=" + first + "-" + (first + 9999)));
                } else {
                    hits.add(c.get("edge.test", "/hot.ts"));
                }
            }
            CompletableFuture.allOf(hits.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(misses.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(ranges.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (var f : hits) {
                assertThat(f.get().status()).isEqualTo(200);
                assertThat(f.get().body()).isEqualTo(hot);
                assertThat(f.get().header("cache-status")).contains("hit");
            }
            for (int i = 0; i < misses.size(); i++) {
                assertThat(misses.get(i).get().status()).isEqualTo(200);
                assertThat(new String(misses.get(i).get().body(), StandardCharsets.US_ASCII)).isEqualTo("miss " + i);
                assertThat(misses.get(i).get().header("cache-status")).contains("fwd=uri-miss");
            }
            for (var f : ranges) {
                H2TestClient.Response r = f.get();
                assertThat(r.status()).isEqualTo(206);
                long first = Long.parseLong(r.header("content-range").replaceAll("bytes (\\d+)-.*", "$1"));
                assertThat(r.body()).hasSize(10_000);
                for (int k = 0; k < r.body().length; k += 997) {
                    assertThat(r.body()[k]).isEqualTo(PublicTestOrigin.generatedByte(first + k));
                }
            }
            assertThat(c.channel().isActive()).isTrue();
        }
        assertThat(origin.hits("/hot.ts")).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(origin.hits("/miss-" + i)).isEqualTo(1);
        }
    }

    @Test
    void sequential_connection_close_requests_leave_the_open_file_count_flat() throws Exception {
        origin.serve("/small", CC, new byte[1024]);
        for (int i = 0; i < 50; i++) {
            fetch(null, List.of("http/1.1"));
        }
        long before = openFiles();
        String kinds = fileKinds().toString();
        long peak = before;
        String peakKinds = kinds;
        for (int i = 0; i < CLOSE_LOOP; i++) {
            if (i % 100 == 99) { // descriptors held until a GC would show here, whenever the GC runs
                long now = openFiles();
                if (now > peak) {
                    peak = now;
                    peakKinds = fileKinds().toString();
                }
            }
            TlsSocketClient.Result r = TlsSocketClient.get(edge.clientTls, edge.tlsAddress(), null, List.of("http/1.1"),
                    "edge.test", "/small");
            if (r.status() != 200 || r.body().length != 1024) {
                throw new AssertionError("request " + i + ": status " + r.status() + ", " + r.body().length + " bytes");
            }
        }
        assertThat(peak).as("open files during %d connections (before: %d %s, at the peak: %s)", CLOSE_LOOP, before,
                kinds, peakKinds).isLessThan(before + 32);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(openFiles())
                .as("open files after %d connections (before: %d; kinds before: %s, now: %s)", CLOSE_LOOP, before, kinds,
                        fileKinds())
                .isLessThan(before + 32));
    }

    @Test
    void a_two_mib_response_completes_with_session_tickets_on() throws Exception {
        int size = 2 << 20;
        origin.serveGenerated("/2m.bin", CC, size);
        // Hits of a 2 MiB object come from the disk tier (the memory tier keeps objects up to 1 MiB), so
        // this is also the TLS copy path of ZeroCopy: file bytes read into pooled buffers, never sendfile.
        for (int i = 0; i < 3; i++) { // the same client context: later connections resume with a ticket
            TlsSocketClient.Result r = TlsSocketClient.get(edge.clientTls, edge.tlsAddress(), "edge.test",
                    List.of("http/1.1"), "edge.test", "/2m.bin");
            assertThat(r.status()).isEqualTo(200);
            assertGenerated(r.body(), size);
            HttpResponse<byte[]> h2 = TlsFixture.send(edge.client(HttpClient.Version.HTTP_2),
                    HttpRequest.newBuilder(edge.https("/2m.bin")));
            assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertGenerated(h2.body(), size);
        }
    }

    @Test
    void openssl_s_client_resumes_a_session_with_a_ticket() throws Exception {
        assumeTrue(onPath("openssl"), "openssl CLI not installed (apt-get install -y openssl): skipping");
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        Path sess = dir.resolve("session.pem");
        String first = sClient("-sess_out", sess.toString());
        assertThat(first).contains("New, TLSv1.3");
        assertThat(Files.size(sess)).isPositive();
        assertThat(sClient("-sess_in", sess.toString())).contains("Reused, TLSv1.3");
    }

    @Test
    void curl_fetches_over_h2_and_http11_and_without_alpn() throws Exception {
        assumeTrue(curlHasHttp2(), "curl with the HTTP2 feature not installed (apt-get install -y curl): skipping");
        origin.serve("/c.txt", CC, "curl body".getBytes(StandardCharsets.US_ASCII));
        assertThat(curl("--http2")).isEqualTo("2 200 curl body");
        assertThat(curl("--http1.1")).isEqualTo("1.1 200 curl body");
        assertThat(curl("--no-alpn")).isEqualTo("1.1 200 curl body");
    }

    @Test
    void a_rapid_reset_flood_is_cut_off_and_other_viewers_are_still_served() throws Exception {
        origin.serve("/r.txt", CC, "r".getBytes(StandardCharsets.US_ASCII));
        HttpClient other = edge.client(HttpClient.Version.HTTP_2);
        TlsFixture.send(other, HttpRequest.newBuilder(edge.https("/r.txt")));
        List<CompletableFuture<HttpResponse<byte[]>>> during = new ArrayList<>();
        try (RawH2 flood = new RawH2(edge.clientTls, edge.tlsAddress())) {
            byte[] block = RawH2.getBlock("127.0.0.1:" + edge.tlsPort(), "/r.txt"); // the cache key of `other`
            int stream = 1;
            try {
                for (int i = 0; i < 5000 && !flood.goAway.isDone(); i++) {
                    flood.frame(RawH2.HEADERS, RawH2.END_STREAM | RawH2.END_HEADERS, stream, block);
                    flood.frame(RawH2.RST_STREAM, 0, stream, RawH2.errorCode(RawH2.CANCEL));
                    stream += 2;
                    if (i % 100 == 0) {
                        flood.flush();
                        during.add(other.sendAsync(HttpRequest.newBuilder(edge.https("/r.txt")).build(),
                                HttpResponse.BodyHandlers.ofByteArray()));
                    }
                }
                flood.flush();
            } catch (IOException e) {
                // the server closed the connection under us: what it should do
            }
            assertThat(flood.goAway.get(30, TimeUnit.SECONDS)).as("GOAWAY code (%s)", flood.goAwayDebug)
                    .isEqualTo(RawH2.ENHANCE_YOUR_CALM);
        }
        for (var f : during) {
            assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(TlsFixture.send(edge.client(HttpClient.Version.HTTP_2),
                HttpRequest.newBuilder(edge.https("/r.txt"))).statusCode()).isEqualTo(200);
        assertThat(origin.hits("/r.txt")).isEqualTo(1);
    }

    @Test
    void a_continuation_flood_is_cut_off_and_other_viewers_are_still_served() throws Exception {
        origin.serve("/r.txt", CC, "r".getBytes(StandardCharsets.US_ASCII));
        try (RawH2 flood = new RawH2(edge.clientTls, edge.tlsAddress())) {
            flood.frame(RawH2.HEADERS, RawH2.END_STREAM, 1, RawH2.getBlock("edge.test", "/r.txt")); // no END_HEADERS
            try {
                for (int i = 0; i < 100_000 && !flood.goAway.isDone(); i++) {
                    flood.frame(RawH2.CONTINUATION, 0, 1, RawH2.literalField("x-flood-" + i, "aaaaaaaa"));
                    if (i % 100 == 0) {
                        flood.flush();
                    }
                }
                flood.flush();
            } catch (IOException e) {
                // closed by the server
            }
            // GOAWAY with an error code, or a reset that overtakes it (the server stops reading the flood)
            assertThat(flood.goAway.get(30, TimeUnit.SECONDS)).isNotZero();
        }
        assertThat(TlsFixture.send(edge.client(HttpClient.Version.HTTP_2),
                HttpRequest.newBuilder(edge.https("/r.txt"))).statusCode()).isEqualTo(200);
    }

    @Test
    void plaintext_http_on_the_tls_port_gets_a_400_and_a_close() throws Exception {
        try (Socket s = new Socket("127.0.0.1", edge.tlsPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: edge.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(reply).startsWith("HTTP/1.1 400").contains("use https://");
        }
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        assertThat(fetch(null, null).status()).isEqualTo(200);
    }

    @Test
    void without_a_default_certificate_unknown_names_get_an_alert_and_known_names_are_served() throws Exception {
        edge.close();
        edge = new TlsFixture(dir.resolve("no-default"), provider, false).start();
        origin = edge.origin;
        origin.serve("/x", CC, "x".getBytes(StandardCharsets.US_ASCII));
        assertThat(edge.node.tlsCertificates().hasDefault()).isFalse();
        assertThat(fetch("a.example", null).status()).isEqualTo(200);
        assertThatThrownBy(() -> fetch("unknown.example", null)).isInstanceOf(SSLException.class)
                .hasMessageContaining("unrecognized_name");
        assertThatThrownBy(() -> fetch(null, null)).isInstanceOf(SSLException.class)
                .hasMessageContaining("unrecognized_name");
        assertThat(fetch("x.b.example", null).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * GET /x on a new connection from a client with no cached session: the JDK client would otherwise
     * resume its last session to this address whatever name it asks for, and report that session's
     * certificate (the server refuses such a resumption; {@code openssl s_client} shows it).
     */
    private TlsSocketClient.Result fetch(String sni, List<String> alpn) throws Exception {
        return TlsSocketClient.get(TlsFixture.clientContext(edge.caPem), edge.tlsAddress(), sni, alpn,
                sni == null ? "edge.test" : sni, "/x");
    }

    private java.math.BigInteger serial(String sni) throws Exception {
        try (SSLSocket s = TlsSocketClient.connect(TlsFixture.clientContext(edge.caPem), edge.tlsAddress(), sni, null)) {
            return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static void assertGenerated(byte[] body, int size) {
        assertThat(body).hasSize(size);
        for (int i = 0; i < size; i++) {
            if (body[i] != PublicTestOrigin.generatedByte(i)) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
    }

    static long openFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** Open descriptors by kind (socket, pipe, anon_inode, file), for failure messages. */
    static java.util.Map<String, Long> fileKinds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.map(p -> {
                try {
                    String t = Files.readSymbolicLink(p).toString();
                    int colon = t.indexOf(':');
                    return colon > 0 ? t.substring(0, colon) : "file";
                } catch (IOException e) {
                    return "gone";
                }
            }).collect(java.util.stream.Collectors.groupingBy(k -> k, java.util.TreeMap::new,
                    java.util.stream.Collectors.counting()));
        }
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static boolean curlHasHttp2() throws Exception {
        if (!onPath("curl")) {
            return false;
        }
        return run(List.of("curl", "--version")).contains("HTTP2");
    }

    private String curl(String mode) throws Exception {
        int port = edge.tlsPort();
        return run(List.of("curl", "-sS", mode, "--max-time", "30", "--cacert", edge.caPem.toString(),
                "--resolve", "edge.test:" + port + ":127.0.0.1", "-w", "%{http_version} %{http_code} ",
                "-o", "/dev/stderr", "https://edge.test:" + port + "/c.txt"), true).trim();
    }

    private String sClient(String sessFlag, String sessFile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + edge.tlsPort(),
                "-servername", "edge.test", "-CAfile", edge.caPem.toString(), "-tls1_3", "-ign_eof", sessFlag, sessFile)
                .redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("GET /x HTTP/1.1\r\nHost: edge.test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    static String run(List<String> cmd) throws Exception {
        return run(cmd, false);
    }

    /** Runs {@code cmd}; with {@code bodyOnStderr}, appends what it wrote to stderr (curl -o /dev/stderr). */
    static String run(List<String> cmd, boolean bodyOnStderr) throws Exception {
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try (InputStream e = p.getErrorStream()) {
                return e.readAllBytes();
            } catch (IOException ex) {
                return new byte[0];
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        String e = new String(err.get(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " exited " + p.exitValue() + ": " + out + e);
        }
        return bodyOnStderr ? out + e : out;
    }
}
