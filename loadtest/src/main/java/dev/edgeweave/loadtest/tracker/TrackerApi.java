package dev.edgeweave.loadtest.tracker;

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
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The few tracker API calls (docs/api.md) the load generator makes: register its own origin as a
 * publisher, drain a node whose key it holds (an external devnet's {@code --drain-node-at}), and read
 * epochs, nodes and rewards. Signed requests carry {@code EdgeWeave-Signature} over the exact body bytes.
 */
public final class TrackerApi {

    private final URI base;
    private final HttpClient http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration timeout;

    /** A non-2xx answer, with the tracker's reason. */
    public static final class ApiError extends IOException {
        private final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    public TrackerApi(URI base, Clock clock, Duration timeout) {
        this.base = Objects.requireNonNull(base, "api");
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /**
     * Registers (or re-points) publisher {@code name} at {@code origin}, signed by {@code key}.
     *
     * @return the hostname, e.g. {@code loadtest.cdn.test}
     */
    public String registerPublisher(Ed25519KeyPair key, String name, URI origin) throws IOException,
            InterruptedException {
        String nonce = get("/v1/nonce").path("nonce").asText();
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        body.put("origin", origin.toString());
        body.put("publicKey", key.publicKey().hex());
        body.put("nonce", nonce);
        return signed("/v1/publishers", body, key).path("host").asText();
    }

    /** Asks the tracker to send no new viewers to the node whose key is {@code nodeKey}. */
    public JsonNode drain(Ed25519KeyPair nodeKey) throws IOException, InterruptedException {
        String path = "/v1/nodes/" + nodeKey.publicKey().hex() + "/drain";
        long ts = clock.millis();
        for (int i = 0; ; i++) {
            ObjectNode body = json.createObjectNode();
            body.put("ts", ts + i * 1000L);
            try {
                return signed(path, body, nodeKey);
            } catch (ApiError e) {
                // the node's own heartbeat may have used this millisecond: a later ts is as good
                if (e.status() != 409 || i == 2) {
                    throw e;
                }
            }
        }
    }

    /** {@code GET /v1/epochs}. */
    public JsonNode epochs() throws IOException, InterruptedException {
        return get("/v1/epochs");
    }

    /** {@code GET /v1/epochs/{n}/rewards}. */
    public JsonNode rewards(long epoch) throws IOException, InterruptedException {
        return get("/v1/epochs/" + epoch + "/rewards");
    }

    /** {@code GET /v1/nodes}. */
    public JsonNode nodes() throws IOException, InterruptedException {
        return get("/v1/nodes");
    }

    /** A GET of {@code path}; a non-2xx answer throws {@link ApiError}. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET(), "GET " + path);
    }

    private JsonNode signed(String path, ObjectNode body, Ed25519KeyPair key) throws IOException,
            InterruptedException {
        byte[] bytes = json.writeValueAsBytes(body);
        return exchange(HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("EdgeWeave-Signature", HexFormat.of().formatHex(key.sign(bytes)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "POST " + path);
    }

    private JsonNode exchange(HttpRequest.Builder b, String what) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            String reason = r.body();
            try {
                reason = json.readTree(r.body()).path("message").asText(r.body());
            } catch (IOException ignored) {
                // not JSON: the raw body is the reason
            }
            throw new ApiError(r.statusCode(), "tracker " + base + ": " + what + " → " + r.statusCode() + ": "
                    + reason.strip());
        }
        return r.body().isEmpty() ? json.createObjectNode() : json.readTree(r.body());
    }
}
