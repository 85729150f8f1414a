package dev.edgeweave.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A viewer that stops reading must not make the node hold the object in memory: the fill goes to disk
 * at the origin's pace and the viewer's connection holds at most one piece.
 */
class SlowViewerTest {

    @TempDir
    Path dir;

    EdgeFixture edge;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgeFixture(dir, Transport.best(null)).start();
    }

    @AfterEach
    void stop() {
        edge.close();
    }

    @Test
    void a_viewer_that_stops_reading_does_not_grow_the_nodes_buffers() throws Exception {
        long size = 96L << 20;
        edge.origin.on("/movie.mp4").header("Cache-Control", "max-age=600").generated(size);
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(16 << 10);
            s.connect(new InetSocketAddress("127.0.0.1", edge.node.httpAddress().getPort()), 10_000);
            s.setSoTimeout(60_000);
            s.getOutputStream().write("GET /movie.mp4 HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] head = new byte[1024];
            assertThat(in.read(head)).isPositive(); // the response has started, then the viewer stalls
            await().atMost(Duration.ofSeconds(60)).until(() -> edge.node.store().get("a /movie.mp4")
                    .map(o -> o.complete()).orElse(false));
            long nettyBytes = metric.usedDirectMemory() + metric.usedHeapMemory();
            assertThat(nettyBytes).as("Netty buffer memory while a %d-byte object waits for a stalled viewer", size)
                    .isLessThan(32L << 20);
            long total = 0;
            byte[] buf = new byte[1 << 16];
            int n;
            while (total < size && (n = in.read(buf)) > 0) {
                total += n;
            }
            assertThat(total).isGreaterThanOrEqualTo(size - 1024);
        }
        assertThat(edge.origin.hits("/movie.mp4")).isEqualTo(1);
    }
}
