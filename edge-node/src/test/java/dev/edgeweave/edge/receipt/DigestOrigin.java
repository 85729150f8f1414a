package dev.edgeweave.edge.receipt;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real origin on loopback port 0: {@code GET /seg-N.ts} returns N deterministic bytes, cacheable for an
 * hour, with an RFC 9530 {@code Repr-Digest} so viewers can verify (and count) them.
 */
final class DigestOrigin implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    final AtomicInteger requests = new AtomicInteger();

    DigestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int size;
            try {
                size = Integer.parseInt(path.substring(path.lastIndexOf('-') + 1, path.lastIndexOf('.')));
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = body(path, size);
            exchange.getResponseHeaders().set("Content-Type", "video/mp2t");
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            exchange.getResponseHeaders().set("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
                    sha256(body)) + ":");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    static byte[] body(String path, int size) {
        byte[] b = new byte[size];
        int seed = path.hashCode();
        for (int i = 0; i < size; i++) {
            seed = seed * 1_103_515_245 + 12_345;
            b[i] = (byte) (seed >>> 16);
        }
        return b;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
