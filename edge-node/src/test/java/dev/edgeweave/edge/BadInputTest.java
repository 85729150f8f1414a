package dev.edgeweave.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and hostile requests get a clear 4xx (or a close) and the node keeps serving others. */
class BadInputTest {

    @TempDir
    Path dir;

    EdgeFixture edge;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgeFixture(dir, Transport.best(null));
        edge.config = edge.config.withTimeouts(new EdgeConfig.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(60)));
        edge.start();
        edge.origin.on("/ok").header("Cache-Control", "max-age=60").body("fine");
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    /** Sends raw bytes and reads until the server closes or a full response with Connection: close. */
    private String raw(String request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", edge.node.httpAddress().getPort()), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // a reset after the response is still a close
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private void stillServes() throws Exception {
        assertThat(new String(edge.get("/ok").body())).isEqualTo("fine");
    }

    @Test
    void a_malformed_request_line_gets_400() throws Exception {
        String r = raw("GARBAGE\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("malformed request");
        stillServes();
    }

    @Test
    void a_header_section_over_the_limit_gets_431() throws Exception {
        String r = raw("GET /ok HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(20_000) + "\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 431").contains("header section larger than");
        stillServes();
    }

    @Test
    void a_uri_over_the_limit_gets_414() throws Exception {
        String r = raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 414").contains("request line longer than");
        stillServes();
    }

    @Test
    void content_length_together_with_transfer_encoding_gets_400_and_a_close() throws Exception {
        String r = raw("POST /ok HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("both Content-Length and Transfer-Encoding")
                .contains("connection: close");
        assertThat(r.split("HTTP/1.1 ", -1)).hasSize(2); // the smuggled second request was never answered
        assertThat(edge.origin.hits("/ok")).isZero();
        stillServes();
    }

    @Test
    void two_different_content_lengths_get_400() throws Exception {
        String r = raw("POST /ok HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde");
        assertThat(r).startsWith("HTTP/1.1 400");
        stillServes();
    }

    @Test
    void a_request_head_that_never_finishes_is_closed_after_the_timeout() throws Exception {
        String r = raw("GET /ok HTTP/1.1\r\nHost: a\r\nX-Slow: yes\r\n");
        assertThat(r).isEmpty();
        stillServes();
    }

    @Test
    void a_missing_host_header_gets_400_naming_it() throws Exception {
        String r = raw("GET /ok HTTP/1.1\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("missing Host header");
        stillServes();
    }

    @Test
    void an_absolute_form_target_is_refused_so_the_node_is_never_an_open_proxy() throws Exception {
        String r = raw("GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 400").contains("origin-form");
        stillServes();
    }

    @Test
    void pipelined_requests_are_answered_in_order() throws Exception {
        edge.origin.on("/two").header("Cache-Control", "max-age=60").body("second");
        String r = raw("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nGET /two HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        int a = r.indexOf("fine");
        int b = r.indexOf("second");
        int c = r.lastIndexOf("fine");
        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
    }
}
