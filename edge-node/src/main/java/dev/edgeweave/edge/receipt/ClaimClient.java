package dev.edgeweave.edge.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.wire.SignedClaim;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The node's side of the tracker's claims API (docs/api.md, "Claims, audits and rewards"): posts the
 * binary signed claim, posts the binary audit answer signed with the node key
 * ({@code EdgeWeave-Signature}), reads a claim's status, the node's earnings and the epoch schedule.
 * Blocking: call it from the claims thread.
 */
final class ClaimClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The tracker's view of a claim.
     *
     * @param status        {@code audit_pending}, {@code accepted} or {@code voided}
     * @param reasonCode    why it was voided, else null
     * @param reason        the reason in words, else null
     * @param digest        claim digest (hex)
     * @param challenge     the audit challenge, once drawn
     * @param auditDeadline when the audit answer is due (tracker clock)
     * @param verifiedBytes credited bytes once the epoch is settled, else null
     * @param reward        reward units once settled, else null
     */
    record Answer(String status, String reasonCode, String reason, String digest, AuditChallenge challenge,
                  long auditDeadline, Long verifiedBytes, Long reward) {}

    /** A 4xx from the tracker: a refusal with its code, not an outage. */
    static final class Refused extends Exception {
        final int status;
        final String code;

        Refused(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private final URI tracker;
    private final HttpClient http;

    ClaimClient(URI tracker, HttpClient http) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.http = Objects.requireNonNull(http, "http");
    }

    URI tracker() {
        return tracker;
    }

    /** {@code POST /v1/claims}. */
    Answer submit(SignedClaim claim) throws IOException, InterruptedException, Refused {
        return answer(send(HttpRequest.newBuilder(tracker.resolve("/v1/claims"))
                .header("Content-Type", SignedClaim.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(claim.encoded()))));
    }

    /** {@code POST /v1/claims/{node}/{epoch}/audit}, signed by the node. */
    Answer audit(Ed25519KeyPair nodeKey, long epoch, AuditResponse response)
            throws IOException, InterruptedException, Refused {
        byte[] body = response.encode();
        return answer(send(HttpRequest.newBuilder(tracker.resolve("/v1/claims/" + nodeKey.publicKey().hex() + "/"
                        + epoch + "/audit"))
                .header("Content-Type", AuditResponse.CONTENT_TYPE)
                .header("EdgeWeave-Signature", HexFormat.of().formatHex(nodeKey.sign(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** {@code GET /v1/claims/{node}/{epoch}}. */
    Answer status(String nodeId, long epoch) throws IOException, InterruptedException, Refused {
        return answer(send(HttpRequest.newBuilder(tracker.resolve("/v1/claims/" + nodeId + "/" + epoch)).GET()));
    }

    /** {@code GET /v1/nodes/{id}/earnings}. */
    JsonNode earnings(String nodeId) throws IOException, InterruptedException, Refused {
        return send(HttpRequest.newBuilder(tracker.resolve("/v1/nodes/" + nodeId + "/earnings")).GET());
    }

    /** The tracker's epoch schedule ({@code GET /v1/epochs}). */
    static EpochSchedule schedule(URI tracker, HttpClient http) throws IOException, InterruptedException {
        try {
            JsonNode s = new ClaimClient(tracker, http).send(HttpRequest.newBuilder(tracker.resolve("/v1/epochs"))
                    .GET());
            return new EpochSchedule(s.path("genesisMillis").asLong(), s.path("epochMillis").asLong(),
                    s.path("receiptGraceMillis").asLong(), s.path("claimWindowMillis").asLong());
        } catch (Refused e) {
            throw new IOException("tracker " + tracker + " refused GET /v1/epochs: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IOException("tracker " + tracker + " sent an invalid schedule: " + e.getMessage(), e);
        }
    }

    private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException, Refused {
        HttpRequest request = b.timeout(TIMEOUT).build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " → " + r.statusCode()
                    + ": not JSON: " + abbreviate(r.body()));
        }
        if (r.statusCode() >= 500) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " → " + r.statusCode() + ": "
                    + body.path("message").asText(abbreviate(r.body())));
        }
        if (r.statusCode() >= 300) {
            throw new Refused(r.statusCode(), body.path("error").asText("http_" + r.statusCode()),
                    request.method() + " " + request.uri().getPath() + " → " + r.statusCode() + " "
                            + body.path("error").asText() + ": " + body.path("message").asText(abbreviate(r.body())));
        }
        return body;
    }

    private static Answer answer(JsonNode j) throws IOException {
        AuditChallenge challenge = null;
        JsonNode c = j.path("challenge");
        if (c.isTextual()) {
            try {
                challenge = AuditChallenge.decode(Base64.getUrlDecoder().decode(c.asText()));
            } catch (DecodeException | IllegalArgumentException e) {
                throw new IOException("tracker sent a bad audit challenge: " + e.getMessage(), e);
            }
        }
        JsonNode reason = j.path("reason");
        return new Answer(j.path("status").asText(), reason.isObject() ? reason.path("code").asText() : null,
                reason.isObject() ? reason.path("message").asText() : null, j.path("claimDigest").asText(),
                challenge, j.path("auditDeadline").asLong(), longOrNull(j.path("verifiedBytes")),
                longOrNull(j.path("reward")));
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() ? n.asLong() : null;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
