package dev.edgeweave.loadtest.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgeweave.loadtest.origin.Clip;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small real HTTP server that plays an edge node for the load generator's own tests (the real
 * edge node lives in a module above this one; deploy's e2e tests use it): serves a clip at
 * {@code /s0/…} with {@code Repr-Digest}, {@code Cache-Status}, and — given a node key —
 * {@code EdgeWeave-Node}/{@code EdgeWeave-Epoch}; takes receipt batches, checking every signature
 * against the token sent with them. Can be told to corrupt bodies.
 */
public final class TestNode implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> digests = new HashMap<>();
    private final Set<String> fetched = ConcurrentHashMap.newKeySet();
    private final Ed25519KeyPair key;
    private final long epoch;
    private volatile boolean corrupt;
    /** Source addresses of HTTP clients. */
    public final Set<InetAddress> clients = ConcurrentHashMap.newKeySet();
    /** Latest cumulative receipted bytes per token. */
    public final Map<TokenId, Long> receipted = new ConcurrentHashMap<>();
    public final AtomicLong bodyBytes = new AtomicLong();
    public final AtomicInteger receiptBatches = new AtomicInteger();
    public final AtomicInteger badReceipts = new AtomicInteger();

    /** @param key the node key to name in headers, or null for a node that takes no receipts */
    public TestNode(InetSocketAddress bind, Clip clip, Ed25519KeyPair key, long epoch) throws Exception {
        this.key = key;
        this.epoch = epoch;
        add("/s0/index.m3u8", clip.playlist());
        clip.segments().forEach((n, b) -> add("/s0/" + n, b));
        server = HttpServer.create(bind, 256);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    private void add(String path, byte[] body) {
        files.put(path, body);
        try {
            digests.put(path, "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(body)) + ":");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public void corrupt(boolean on) {
        corrupt = on;
    }

    /** The node id, or null. */
    public String id() {
        return key == null ? null : key.publicKey().hex();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            clients.add(ex.getRemoteAddress().getAddress());
            byte[] req = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath().replaceFirst("^/~/[^/]+", ""); // the edge's /~/HOST/ form
            if (path.equals(ReceiptBatch.PATH)) {
                receipts(ex, req);
                return;
            }
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (corrupt) {
                body = body.clone();
                body[body.length / 2] ^= 1;
            }
            var h = ex.getResponseHeaders();
            h.set("Repr-Digest", digests.get(path));
            h.set("Cache-Status", "testnode; " + (fetched.add(path) ? "fwd=uri-miss" : "hit"));
            if (key != null) {
                h.set("EdgeWeave-Node", key.publicKey().hex());
                h.set("EdgeWeave-Epoch", Long.toString(epoch));
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            bodyBytes.addAndGet(body.length);
        }
    }

    private void receipts(HttpExchange ex, byte[] body) throws IOException {
        receiptBatches.incrementAndGet();
        try {
            SignedToken token = SignedToken.fromHeaderValue(ex.getRequestHeaders().getFirst(SignedToken.HEADER));
            token.verify();
            for (SignedReceipt r : ReceiptBatch.decode(body)) {
                r.verify(token);
                if (!r.receipt().node().equals(key.publicKey()) || r.receipt().epoch() != epoch) {
                    throw new IllegalArgumentException("receipt for another node or epoch");
                }
                receipted.merge(token.tokenId(), r.receipt().bytes(), Math::max);
            }
            ex.sendResponseHeaders(204, -1);
        } catch (Exception e) {
            badReceipts.incrementAndGet();
            byte[] b = e.toString().getBytes();
            ex.sendResponseHeaders(400, b.length);
            ex.getResponseBody().write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
