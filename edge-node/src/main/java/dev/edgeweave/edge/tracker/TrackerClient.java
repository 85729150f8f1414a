package dev.edgeweave.edge.tracker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

/**
 * JSON over HTTP to the tracker API (docs/api.md): GETs, and POSTs whose exact body bytes are signed
 * with an Ed25519 key in {@code EdgeWeave-Signature}. A non-2xx answer becomes a {@link TrackerError}
 * carrying the tracker's own reason.
 */
public final class TrackerClient {

    private final URI tracker;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public TrackerClient(URI tracker) {
        this.tracker = tracker;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI uri() {
        return tracker;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** A fresh single-use nonce for a registration. */
    public String nonce() throws IOException, InterruptedException, TrackerError {
        return get("/v1/nonce").path("nonce").asText();
    }

    public JsonNode get(String path) throws IOException, InterruptedException, TrackerError {
        return exchange("GET", path, null, null);
    }

    /** Sends {@code body} with {@code method}, signed by {@code key}. */
    public JsonNode signed(String method, String path, ObjectNode body, Ed25519KeyPair key)
            throws IOException, InterruptedException, TrackerError {
        return exchange(method, path, body, key);
    }

    private JsonNode exchange(String method, String path, ObjectNode body, Ed25519KeyPair key)
            throws IOException, InterruptedException, TrackerError {
        HttpRequest.Builder b = HttpRequest.newBuilder(tracker.resolve(path)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            byte[] bytes = json.writeValueAsBytes(body);
            b.header("Content-Type", "application/json")
                    .header("EdgeWeave-Signature", HexFormat.of().formatHex(key.sign(bytes)))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() >= 300) {
            String reason = r.body();
            try {
                reason = json.readTree(r.body()).path("message").asText(r.body());
            } catch (IOException ignored) {
                // not JSON: keep the raw body as the reason
            }
            throw new TrackerError(r.statusCode(), method + " " + path + " → " + r.statusCode() + ": " + reason);
        }
        return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    }

    /** A non-2xx answer from the tracker, with its reason. */
    public static final class TrackerError extends Exception {
        private final int status;

        TrackerError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
