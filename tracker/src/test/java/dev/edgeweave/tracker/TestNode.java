package dev.edgeweave.tracker;

import com.sun.net.httpserver.HttpServer;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A stand-in edge node for tracker tests: a real Ed25519 key and a real admin HTTP server on its own
 * loopback address (127.0.0.11, .12, …) whose {@code /health} answer a test can switch.
 */
public final class TestNode implements AutoCloseable {

    public final Ed25519KeyPair key;
    public final String host;
    public final int viewerPort;
    private final HttpServer admin;
    private volatile int healthStatus = 200;
    private volatile String healthBody = "ok";

    /**
     * @param seed   key seed byte (distinct per node)
     * @param host   loopback address of this node, e.g. 127.0.0.11
     */
    public TestNode(int seed, String host) throws IOException {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        this.key = Ed25519KeyPair.fromSeed(s);
        this.host = host;
        this.viewerPort = 8080;
        this.admin = HttpServer.create(new InetSocketAddress(host, 0), 16);
        admin.createContext("/health", exchange -> {
            byte[] body = healthBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(healthStatus, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        admin.start();
    }

    public String id() {
        return key.publicKey().hex();
    }

    public String url() {
        return "http://" + host + ":" + viewerPort;
    }

    public String adminUrl() {
        return "http://" + host + ":" + admin.getAddress().getPort();
    }

    /** Makes {@code /health} answer {@code status} with {@code body}. */
    public void health(int status, String body) {
        this.healthStatus = status;
        this.healthBody = body;
    }

    /** Stops the admin server: probes then see "connection refused". */
    public void stopAdmin() {
        admin.stop(0);
    }

    @Override
    public void close() {
        admin.stop(0);
    }
}
