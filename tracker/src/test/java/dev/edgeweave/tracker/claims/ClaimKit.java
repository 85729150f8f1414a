package dev.edgeweave.tracker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.tracker.ApiClient;
import dev.edgeweave.tracker.TestNode;
import dev.edgeweave.tracker.Tracker;
import dev.edgeweave.tracker.TrackerConfig;
import dev.edgeweave.tracker.TrackerFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A real tracker (API on loopback port 0, SQLite in a temp dir) on a {@link TestClock}, with minute-long
 * epochs, plus what tests need to play publisher, viewers and nodes: registered keys, tokens, signed
 * receipts, claims built with the real {@link ClaimBuilder}, and a JDK HTTP client for the binary
 * claims endpoints.
 */
final class ClaimKit implements AutoCloseable {

    static final Duration EPOCH = Duration.ofMinutes(1);
    /** 2023-11-14T22:13:00Z: the start of an epoch of one minute. */
    static final long T0 = 1_699_999_980_000L;
    static final long POOL = 1_000_000;

    final TestClock clock = new TestClock(T0 + 1_000);
    final Path dir;
    final RewardsConfig rewards;
    final Ed25519KeyPair publisher = TrackerFixture.publisherKey(99);
    final TokenIssuer issuer = new TokenIssuer(publisher, clock, new SecureRandom());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<TestNode> nodes = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    TrackerConfig config;
    Tracker tracker;
    ApiClient api;

    ClaimKit(Path dir) throws IOException {
        this(dir, RewardsConfig.defaults(EPOCH).withAuditSamples(16).withPool(POOL));
    }

    ClaimKit(Path dir, RewardsConfig rewards) throws IOException {
        this.dir = dir;
        this.rewards = rewards;
        this.config = TrackerFixture.config(dir).withEpochLength(EPOCH);
    }

    /** Starts the tracker and registers the publisher. */
    ClaimKit start() throws Exception {
        startTracker();
        var r = api.registerPublisher(publisher, "demo", "http://127.0.0.1:8000");
        if (r.statusCode() != 201) {
            throw new AssertionError("publisher: " + r.statusCode() + " " + r.body());
        }
        return this;
    }

    void startTracker() throws Exception {
        tracker = new Tracker(config, rewards, clock, meters);
        tracker.start();
        api = new ApiClient(tracker.apiUri());
    }

    /** Stops the tracker and starts it again on the same data directory. */
    void restart() throws Exception {
        tracker.close();
        startTracker();
    }

    /** A node registered with the tracker (seed {@code seed}, address 127.0.0.{10+seed}). */
    TestNode node(int seed) throws IOException {
        TestNode n = new TestNode(seed, "127.0.0." + (10 + seed));
        nodes.add(n);
        var r = api.register(n, "r0");
        if (r.statusCode() != 201) {
            throw new AssertionError("register: " + r.statusCode() + " " + r.body());
        }
        return n;
    }

    long epochNow() {
        return tracker.claims().schedule().epochAt(clock.millis());
    }

    /** Moves the clock into the claim window of {@code epoch}. */
    void openClaims(long epoch) {
        clock.set(tracker.claims().schedule().claimsOpenAt(epoch) + 1);
    }

    /** Moves the clock past the settlement time of {@code epoch}. */
    void passSettlement(long epoch) {
        clock.set(tracker.claims().settlesAt(epoch) + 1);
    }

    static Ed25519KeyPair key(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        return Ed25519KeyPair.fromSeed(s);
    }

    /** A token of the registered publisher for {@code viewer}, valid 1 h from now. */
    SignedToken token(Ed25519KeyPair viewer, long cap) {
        return issuer.issue(viewer.publicKey(), Duration.ofHours(1), cap);
    }

    /** A receipt signed by {@code viewer}, at the current clock. */
    SignedReceipt receipt(SignedToken token, Ed25519KeyPair viewer, TestNode node, long epoch, long serial,
                          long bytes) {
        return new Receipt(token.tokenId(), node.key.publicKey(), epoch, serial, bytes, clock.millis()).sign(viewer);
    }

    /** One honest session: a token, and the viewer's receipt to {@code node} for {@code bytes} in {@code epoch}. */
    record Session(Ed25519KeyPair viewer, SignedToken token, SignedReceipt receipt) {}

    Session session(int viewerSeed, TestNode node, long epoch, long bytes, long cap) {
        Ed25519KeyPair viewer = key(viewerSeed);
        SignedToken token = token(viewer, cap);
        return new Session(viewer, token, receipt(token, viewer, node, epoch, 1, bytes));
    }

    /** A claim built by the node from {@code sessions}, with the tokens it will open in its audit. */
    record NodeClaim(BuiltClaim built, Map<TokenId, SignedToken> tokens) {
        byte[] bytes() {
            return built.signedClaim().encoded();
        }

        byte[] answer(AuditChallenge challenge) {
            return built.respond(challenge, id -> Optional.ofNullable(tokens.get(id))).encode();
        }
    }

    static NodeClaim claim(TestNode node, long epoch, List<Session> sessions) {
        Map<TokenId, SignedToken> tokens = new HashMap<>();
        List<SignedReceipt> receipts = new ArrayList<>();
        for (Session s : sessions) {
            tokens.put(s.token().tokenId(), s.token());
            receipts.add(s.receipt());
        }
        BuiltClaim built = ClaimBuilder.build(node.key, epoch, receipts,
                id -> OptionalLong.of(tokens.get(id).token().byteCap()));
        return new NodeClaim(built, tokens);
    }

    // ---------------------------------------------------------------- HTTP

    HttpResponse<String> post(String path, byte[] body, String contentType, Ed25519KeyPair signer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(tracker.apiUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (signer != null) {
            b.header("EdgeWeave-Signature", HexFormat.of().formatHex(signer.sign(body)));
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

    HttpResponse<String> submit(byte[] claim) {
        return post("/v1/claims", claim, "application/vnd.edgeweave.claim", null);
    }

    HttpResponse<String> audit(TestNode node, long epoch, byte[] response) {
        return post("/v1/claims/" + node.id() + "/" + epoch + "/audit", response,
                "application/vnd.edgeweave.audit-response", node.key);
    }

    /** Submits the claim (expecting 201), answers its audit honestly, and returns the audit answer's JSON. */
    JsonNode claimAndAudit(TestNode node, NodeClaim claim) {
        HttpResponse<String> r = submit(claim.bytes());
        if (r.statusCode() != 201) {
            throw new AssertionError("claim: " + r.statusCode() + " " + r.body());
        }
        AuditChallenge challenge = challenge(ApiClient.json(r));
        HttpResponse<String> a = audit(node, challenge.epoch(), claim.answer(challenge));
        if (a.statusCode() != 200) {
            throw new AssertionError("audit: " + a.statusCode() + " " + a.body());
        }
        return ApiClient.json(a);
    }

    static AuditChallenge challenge(JsonNode claimJson) {
        try {
            return AuditChallenge.decode(Base64.getUrlDecoder().decode(claimJson.get("challenge").asText()));
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    JsonNode get(String path) {
        HttpResponse<String> r = api.get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return ApiClient.json(r);
    }

    URI apiUri() {
        return tracker.apiUri();
    }

    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
        nodes.forEach(TestNode::close);
        meters.close();
    }
}
