package dev.edgeweave.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP origin for tests (JDK server on a loopback port 0) that counts every request per path,
 * records request headers, honours single byte ranges when asked, and can hold a response at a gate,
 * pause mid-body, or fail.
 */
final class TestOrigin implements AutoCloseable {

    /** A canned response. Body bytes come from {@code body} or, for big objects, a generator. */
    static final class Reply {
        int status = 200;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];
        long generatedLength = -1;
        boolean ranges;
        boolean chunked;
        CountDownLatch gate;         // held before the head is sent
        long pauseAfter = -1;        // bytes sent before waiting on midGate
        CountDownLatch midGate;

        Reply status(int s) {
            status = s;
            return this;
        }

        Reply header(String n, String v) {
            headers.put(n, v);
            return this;
        }

        Reply body(byte[] b) {
            body = b;
            return this;
        }

        Reply body(String s) {
            return body(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        Reply generated(long length) {
            generatedLength = length;
            return this;
        }

        Reply ranges() {
            ranges = true;
            return this;
        }

        Reply chunked() {
            chunked = true;
            return this;
        }

        Reply gate(CountDownLatch g) {
            gate = g;
            return this;
        }

        Reply pauseAfter(long bytes, CountDownLatch g) {
            pauseAfter = bytes;
            midGate = g;
            return this;
        }

        long length() {
            return generatedLength >= 0 ? generatedLength : body.length;
        }

        byte byteAt(long i) {
            return generatedLength >= 0 ? generatedByte(i) : body[(int) i];
        }
    }

    /** The byte at offset {@code i} of every generated body: deterministic, not periodic at slice size. */
    static byte generatedByte(long i) {
        return (byte) ((i * 31 + (i >>> 11) * 7 + 13) & 0xff);
    }

    /** What the origin saw of one request. */
    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(32);
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    private volatile boolean failing;

    TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Reply on(String path) {
        Reply r = new Reply();
        replies.put(path, r);
        return r;
    }

    /** Every request now gets a 503 (the origin is "down"). */
    void failing(boolean f) {
        failing = f;
    }

    int hits(String path) {
        return (int) seen.stream().filter(s -> s.path().equals(path)).count();
    }

    List<Seen> requests(String path) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.path().equals(path)) {
                out.add(s);
            }
        }
        return out;
    }

    long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] reqBody;
            try (InputStream in = ex.getRequestBody()) {
                reqBody = in.readAllBytes();
            }
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() != null ? "?" + ex.getRequestURI().getRawQuery() : "");
            seen.add(new Seen(ex.getRequestMethod(), path, Map.copyOf(ex.getRequestHeaders()), reqBody));
            if (failing) {
                byte[] b = "origin down\n".getBytes();
                ex.sendResponseHeaders(503, b.length);
                ex.getResponseBody().write(b);
                return;
            }
            Reply r = replies.get(path);
            if (r == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (r.gate != null) {
                r.gate.await(60, TimeUnit.SECONDS);
            }
            r.headers.forEach((n, v) -> ex.getResponseHeaders().add(n, v));
            long length = r.length();
            long first = 0;
            long last = length - 1;
            int status = r.status;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (r.ranges && range != null && range.startsWith("bytes=") && status == 200) {
                String[] p = range.substring(6).split("-", -1);
                first = Long.parseLong(p[0]);
                last = p[1].isEmpty() ? length - 1 : Math.min(Long.parseLong(p[1]), length - 1);
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + first + "-" + last + "/" + length);
            }
            long count = last - first + 1;
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (status == 304 || status == 204) {
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, head ? -1 : r.chunked ? 0 : count);
            if (head) {
                return;
            }
            OutputStream out = ex.getResponseBody();
            byte[] buf = new byte[64 << 10];
            long pos = first;
            long sent = 0;
            while (sent < count) {
                int n = (int) Math.min(buf.length, count - sent);
                if (r.pauseAfter >= 0 && sent < r.pauseAfter && sent + n > r.pauseAfter) {
                    n = (int) (r.pauseAfter - sent);
                }
                for (int i = 0; i < n; i++) {
                    buf[i] = r.byteAt(pos + i);
                }
                out.write(buf, 0, n);
                pos += n;
                sent += n;
                bodyBytesSent.addAndGet(n);
                if (r.pauseAfter >= 0 && sent == r.pauseAfter && r.midGate != null) {
                    out.flush();
                    r.midGate.await(60, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // viewer/edge went away: fine for an origin
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
