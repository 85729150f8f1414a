package dev.edgeweave.proof.viewer;

import static dev.edgeweave.proof.Fixtures.EPOCH;
import static dev.edgeweave.proof.Fixtures.NODE;
import static dev.edgeweave.proof.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Sha256;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.store.ReceiptStore;
import dev.edgeweave.proof.verify.AuditVerifier;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The viewer SDK against a small real HTTP server that behaves like an edge node: serves bodies
 * with Repr-Digest and the EdgeWeave headers, counts what it served per token, and takes receipt
 * batches into a real {@link ReceiptStore}.
 */
class ViewerSessionTest {

    private static final long NOW = T0 + 100_000;
    private static final byte[] SEGMENT = "segment-bytes-".repeat(5000).getBytes(StandardCharsets.US_ASCII);

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private final ReceiptStore store = new ReceiptStore(NODE.publicKey(), Fixtures.SCHEDULE, Fixtures.PUBLISHERS);
    private final Map<TokenId, Long> served = new ConcurrentHashMap<>();
    private final List<String> tokenHeaders = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HttpClient client;
    private URI base;
    private Ed25519KeyPair viewer;
    private SignedToken token;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::serve);
        server.createContext(ReceiptBatch.PATH, this::receipts);
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        viewer = Ed25519KeyPair.generate(new SecureRandom());
        token = new TokenIssuer(Fixtures.PUBLISHER, clock, new SecureRandom())
                .issue(viewer.publicKey(), Duration.ofHours(1), 10_000_000);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = ex.getRequestHeaders().getFirst(SignedToken.HEADER);
            tokenHeaders.add(String.valueOf(auth));
            SignedToken t;
            try {
                t = SignedToken.fromHeaderValue(auth);
            } catch (DecodeException e) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            byte[] body = SEGMENT;
            String digest = ReprDigest.sha256Value(Sha256.hash(body));
            switch (ex.getRequestURI().getPath()) {
                case "/bad.ts":
                    body = body.clone();
                    body[10] ^= 1; // corrupted in transit / by a bad node
                    break;
                case "/nodigest.ts":
                    digest = null;
                    break;
                case "/missing.ts":
                    ex.sendResponseHeaders(404, -1);
                    return;
                default:
                    break;
            }
            if (digest != null) {
                ex.getResponseHeaders().add("Repr-Digest", digest);
            }
            ex.getResponseHeaders().add("EdgeWeave-Node", NODE.publicKey().hex());
            ex.getResponseHeaders().add("EdgeWeave-Epoch", Long.toString(EPOCH));
            served.merge(t.tokenId(), (long) body.length, Long::sum);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private void receipts(HttpExchange ex) throws IOException {
        try (ex) {
            String problem = null;
            try {
                SignedToken t = SignedToken.fromHeaderValue(ex.getRequestHeaders().getFirst(SignedToken.HEADER));
                if (!ReceiptBatch.CONTENT_TYPE.equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                    problem = "content type";
                } else {
                    for (SignedReceipt r : ReceiptBatch.decode(ex.getRequestBody().readAllBytes())) {
                        Verdict v = store.offer(r, t, served.getOrDefault(t.tokenId(), 0L), NOW);
                        if (!v.isAccepted()) {
                            problem = v.toString();
                        }
                    }
                }
            } catch (DecodeException e) {
                problem = e.getMessage();
            }
            if (problem == null) {
                ex.sendResponseHeaders(204, -1);
            } else {
                refusals.add(problem);
                byte[] msg = problem.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(400, msg.length);
                ex.getResponseBody().write(msg);
            }
        }
    }

    private ViewerSession session(ViewerConfig config) {
        return new ViewerSession(client, viewer, token, clock, config);
    }

    @Test
    void counts_verified_bytes_and_pays_the_node_with_cumulative_receipts() throws Exception {
        ViewerSession s = session(ViewerConfig.defaults());
        FetchResult r = s.fetch(base.resolve("/live/seg-1.ts"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(SEGMENT);
        assertThat(r.digest()).isEqualTo(DigestCheck.VERIFIED);
        assertThat(r.node()).contains(NODE.publicKey());
        assertThat(r.epoch()).hasValue(EPOCH);
        assertThat(r.countedBytes()).isEqualTo(SEGMENT.length);
        assertThat(tokenHeaders).containsOnly(token.toHeaderValue());
        assertThat(store.acceptedBytes(token.tokenId(), EPOCH)).isEqualTo(SEGMENT.length);

        s.fetchDiscarding(base.resolve("/live/seg-2.ts"));
        assertThat(store.acceptedBytes(token.tokenId(), EPOCH)).isEqualTo(2L * SEGMENT.length);
        assertThat(store.latest(token.tokenId(), EPOCH).orElseThrow().receipt().serial()).isEqualTo(NOW + 1);
        assertThat(refusals).isEmpty();
        assertThat(s.countedBytes(EPOCH)).containsEntry(NODE.publicKey(), 2L * SEGMENT.length);
    }

    @Test
    void a_body_with_a_wrong_digest_is_not_counted() throws Exception {
        ViewerSession s = session(ViewerConfig.defaults());
        s.fetch(base.resolve("/live/seg-1.ts"));
        FetchResult bad = s.fetch(base.resolve("/bad.ts"));
        assertThat(bad.digest()).isEqualTo(DigestCheck.MISMATCH);
        assertThat(bad.countedBytes()).isZero();
        assertThat(s.totalCountedBytes()).isEqualTo(SEGMENT.length);
        assertThat(s.reportReceipts()).isEmpty(); // nothing new to report
        assertThat(store.acceptedBytes(token.tokenId(), EPOCH)).isEqualTo(SEGMENT.length);
    }

    @Test
    void unverifiable_bodies_count_only_when_configured() throws Exception {
        FetchResult strict = session(ViewerConfig.defaults()).fetch(base.resolve("/nodigest.ts"));
        assertThat(strict.digest()).isEqualTo(DigestCheck.ABSENT);
        assertThat(strict.countedBytes()).isZero();
        FetchResult missing = session(ViewerConfig.defaults()).fetch(base.resolve("/missing.ts"));
        assertThat(missing.digest()).isEqualTo(DigestCheck.NOT_APPLICABLE);

        ViewerSession lenient = session(new ViewerConfig(true, false, 1 << 20));
        FetchResult r = lenient.fetch(base.resolve("/nodigest.ts"));
        assertThat(r.countedBytes()).isEqualTo(SEGMENT.length);
        List<ViewerSession.Report> reports = lenient.reportReceipts();
        assertThat(reports).singleElement().satisfies(rep -> assertThat(rep.ok()).isTrue());
    }

    @Test
    void the_node_can_claim_and_pass_an_audit_with_what_viewers_sent() throws Exception {
        List<ViewerSession> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Ed25519KeyPair v = Ed25519KeyPair.generate(new SecureRandom());
            SignedToken t = new TokenIssuer(Fixtures.PUBLISHER, clock, new SecureRandom())
                    .issue(v.publicKey(), Duration.ofHours(1), 10_000_000);
            ViewerSession s = new ViewerSession(client, v, t, clock, ViewerConfig.defaults());
            s.fetch(base.resolve("/live/seg-" + i + ".ts"));
            sessions.add(s);
        }
        BuiltClaim built = ClaimBuilder.build(NODE, EPOCH, store.latest(EPOCH), store::byteCap);
        assertThat(built.signedClaim().claim().totalBytes()).isEqualTo(5L * SEGMENT.length);
        AuditChallenge c = AuditChallenge.forClaim(built.signedClaim(), Fixtures.fill(0x42), 3);
        Verdict v = new AuditVerifier(Fixtures.SCHEDULE, Fixtures.PUBLISHERS)
                .verify(built.signedClaim(), c, built.respond(c, store::token).encode());
        assertThat(v.isAccepted()).isTrue();
    }

    @Test
    void refuses_a_key_that_is_not_the_tokens_viewer() {
        assertThatThrownBy(() -> new ViewerSession(client, Fixtures.STRANGER, token, clock, ViewerConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected: the token's viewer");
    }

    @Test
    void parses_repr_digest_dictionaries() {
        byte[] d = Sha256.hash(new byte[] {1});
        String v = ReprDigest.sha256Value(d);
        assertThat(ReprDigest.strongest(v)).hasValueSatisfying(e -> assertThat(e.getValue()).isEqualTo(d));
        assertThat(ReprDigest.strongest("unixsum=:AAA=:, " + v + ";p=1")).isPresent();
        assertThat(ReprDigest.strongest("sha-256=abc")).isEmpty();
        assertThat(ReprDigest.strongest("sha-256=:AAAA:")).isEmpty(); // wrong length
        assertThat(ReprDigest.strongest(null)).isEmpty();
    }
}
