package dev.edgeweave.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/** A real HTTP client (JDK) for the tracker API, with signing helpers. */
public final class ApiClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    public ApiClient(URI base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, Map.of());
    }

    public HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code body} with {@code EdgeWeave-Signature} by {@code key} over its exact bytes. */
    public HttpResponse<String> signed(String method, String path, String body, Ed25519KeyPair key) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(method, path, bytes, Map.of("EdgeWeave-Signature", HexFormat.of().formatHex(key.sign(bytes))));
    }

    public String nonce() {
        HttpResponse<String> r = get("/v1/nonce");
        if (r.statusCode() != 200) {
            throw new AssertionError("GET /v1/nonce: " + r.statusCode() + " " + r.body());
        }
        return json(r).get("nonce").asText();
    }

    public static ObjectNode registration(TestNode node, String region, String nonce) {
        ObjectNode o = JSON.createObjectNode();
        o.put("publicKey", node.id());
        o.put("url", node.url());
        o.put("admin", node.adminUrl());
        if (region == null) {
            o.putNull("region");
        } else {
            o.put("region", region);
        }
        o.put("maxMbps", 1000);
        o.put("nonce", nonce);
        return o;
    }

    public HttpResponse<String> register(TestNode node, String region) {
        return signed("POST", "/v1/nodes", registration(node, region, nonce()).toString(), node.key);
    }

    public static String heartbeatBody(long ts, double load, long spare) {
        ObjectNode o = JSON.createObjectNode();
        o.put("ts", ts);
        o.put("load", load);
        o.put("spareMbps", spare);
        o.put("maxMbps", 1000);
        o.put("cacheBytes", 1234);
        o.put("version", "test-1");
        o.put("connections", 3);
        return o.toString();
    }

    public HttpResponse<String> heartbeat(TestNode node, long ts) {
        return signed("POST", "/v1/nodes/" + node.id() + "/heartbeat", heartbeatBody(ts, 0.2, 800), node.key);
    }

    public HttpResponse<String> registerPublisher(Ed25519KeyPair key, String name, String origin) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("origin", origin);
        o.put("publicKey", key.publicKey().hex());
        o.put("allowUnsafeMethods", true);
        o.put("nonce", nonce());
        return signed("POST", "/v1/publishers", o.toString(), key);
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
