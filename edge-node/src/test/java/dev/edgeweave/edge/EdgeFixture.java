package dev.edgeweave.edge;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** A real edge node on loopback port 0 in front of a {@link TestOrigin}, and a client for it. */
final class EdgeFixture implements AutoCloseable {

    final TestOrigin origin;
    final Path cacheDir;
    final Transport transport;
    EdgeConfig config;
    EdgeNode node;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    EdgeFixture(Path cacheDir, Transport transport) throws Exception {
        this.origin = new TestOrigin();
        this.cacheDir = cacheDir;
        this.transport = transport;
        this.config = EdgeConfig.standalone(new InetSocketAddress("127.0.0.1", 0), cacheDir, origin.uri())
                .withAdmin(new InetSocketAddress("127.0.0.1", 0))
                .withCache(64L << 20, 1L << 30, 1 << 20)
                .withIoThreads(2);
    }

    EdgeFixture start() throws Exception {
        node = EdgeNode.start(config, EdgeNode.standaloneHosts(config), Clock.systemUTC(), null, null, transport);
        return this;
    }

    /** Stops the node (cache kept on disk) and starts a new one on the same directory. */
    EdgeFixture restart() throws Exception {
        node.close();
        return start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
    }

    URI admin(String path) {
        return URI.create("http://127.0.0.1:" + node.adminAddress().getPort() + path);
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String adminGet(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(admin(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        origin.close();
    }
}
