package dev.edgeweave.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devnet's publisher origin: serves the committed HLS clip (classpath {@code devnet/hls/}) the way
 * a careful publisher would — segments immutable for a day, the playlist for 2 s, strong ETags,
 * Last-Modified, and a {@code Repr-Digest} so edges and viewers can verify every byte.
 */
final class SampleOrigin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SampleOrigin.class);
    static final String[] FILES = {"index.m3u8"};

    private record File(byte[] body, String type, String cacheControl, String etag, String digest) {}

    private final Map<String, File> files = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "sample-origin");
        t.setDaemon(true);
        return t;
    });
    private final String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME
            .format(Instant.parse("2026-11-01T00:00:00Z").atOffset(ZoneOffset.UTC));

    SampleOrigin(InetSocketAddress bind) throws IOException {
        load();
        server = HttpServer.create(bind, 128);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
        log.info("sample origin serving {} HLS files on {}", files.size(), uri());
    }

    URI uri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    private void load() throws IOException {
        byte[] playlist = resource("index.m3u8");
        add("/hls/index.m3u8", playlist, "application/vnd.apple.mpegurl", "public, max-age=2");
        for (String line : new String(playlist, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                add("/hls/" + l, resource(l), "video/mp2t", "public, max-age=86400, immutable");
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SampleOrigin.class.getResourceAsStream("/devnet/hls/" + name)) {
            if (in == null) {
                throw new IOException("devnet content missing from the jar: devnet/hls/" + name);
            }
            return in.readAllBytes();
        }
    }

    private void add(String path, byte[] body, String type, String cc) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        files.put(path, new File(body, type, cc, "\"" + HexFormat.of().formatHex(sha, 0, 8) + "\"",
                "sha-256=:" + Base64.getEncoder().encodeToString(sha) + ":"));
    }

    /** Paths served, e.g. {@code /hls/index.m3u8}, {@code /hls/seg-000.ts}. */
    java.util.Set<String> paths() {
        return files.keySet();
    }

    private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

    /** Requests served so far (tests check that repeated viewing is served by the edges' caches). */
    long requests() {
        return requests.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            ex.getRequestBody().readAllBytes();
            File f = files.get(ex.getRequestURI().getPath());
            if (f == null) {
                byte[] b = ("no such file: " + ex.getRequestURI().getPath() + "\n").getBytes();
                ex.sendResponseHeaders(404, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            var h = ex.getResponseHeaders();
            h.set("Content-Type", f.type());
            h.set("Cache-Control", f.cacheControl());
            h.set("ETag", f.etag());
            h.set("Last-Modified", lastModified);
            h.set("Repr-Digest", f.digest());
            h.set("Access-Control-Allow-Origin", "*");
            if (f.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(200, head ? -1 : f.body().length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(f.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
