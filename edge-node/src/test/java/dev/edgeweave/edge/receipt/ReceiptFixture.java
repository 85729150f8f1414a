package dev.edgeweave.edge.receipt;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real edge node (loopback port 0) with a {@link ReceiptService} wired through the node's hooks, in
 * front of a {@link DigestOrigin}, on a clock the test moves. The tracker is unreachable here (claims are
 * tested against a real tracker in the tracker module); epochs last a minute.
 */
final class ReceiptFixture implements AutoCloseable {

    static final long EPOCH_MILLIS = 60_000;
    /** The start of an epoch of one minute. */
    static final long T0 = 1_699_999_980_000L;
    static final EpochSchedule SCHEDULE = EpochSchedule.of(0, EPOCH_MILLIS);

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicLong millis;

        TestClock(long start) {
            millis = new AtomicLong(start);
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    final TestClock clock = new TestClock(T0 + 1_000);
    final Path dir;
    final Ed25519KeyPair nodeKey = key(0x33);
    final Ed25519KeyPair publisher = key(0x11);
    final TokenIssuer issuer = new TokenIssuer(publisher, clock, new SecureRandom());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final DigestOrigin origin;
    ReceiptService service;
    EdgeNode node;

    ReceiptFixture(Path dir) throws IOException {
        this.dir = dir;
        this.origin = new DigestOrigin();
    }

    static Ed25519KeyPair key(int seed) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) seed);
        return Ed25519KeyPair.fromSeed(s);
    }

    ReceiptFixture start() throws Exception {
        Set<Ed25519PublicKey> publishers = Set.of(publisher.publicKey());
        service = new ReceiptService(nodeKey, URI.create("http://127.0.0.1:9/"), SCHEDULE, dir.resolve("receipts"),
                () -> publishers, clock, scheduler, meters);
        service.start();
        EdgeConfig config = EdgeConfig.standalone(new InetSocketAddress("127.0.0.1", 0), dir.resolve("cache"),
                        origin.uri()).withAdmin(new InetSocketAddress("127.0.0.1", 0))
                .withCache(32L << 20, 256L << 20, 1 << 20).withIoThreads(2);
        node = EdgeNode.start(config, EdgeNode.standaloneHosts(config), clock, service.servedBytes(),
                service.extraRoutes());
        node.context().responseHeaders(service.responseHeaders());
        node.extraStatus(service::status);
        return this;
    }

    /** Stops node and service, and starts both again on the same directories. */
    void restart() throws Exception {
        node.close();
        service.close();
        start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
    }

    long epoch() {
        return SCHEDULE.epochAt(clock.millis());
    }

    SignedToken token(Ed25519KeyPair viewer, long cap) {
        return issuer.issue(viewer.publicKey(), Duration.ofHours(1), cap);
    }

    SignedReceipt receipt(SignedToken token, Ed25519KeyPair viewer, long epoch, long serial, long bytes) {
        return new Receipt(token.tokenId(), nodeKey.publicKey(), epoch, serial, bytes, clock.millis()).sign(viewer);
    }

    /** GETs {@code path} with the token; returns the body length. */
    HttpResponse<byte[]> fetch(String path, SignedToken token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header(SignedToken.HEADER, token.toHeaderValue());
        }
        return send(b, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** POSTs a receipt batch with {@code token} in the header. */
    HttpResponse<String> post(SignedToken token, List<SignedReceipt> receipts) {
        return postRaw(token == null ? null : token.toHeaderValue(), ReceiptBatch.encode(receipts),
                ReceiptBatch.CONTENT_TYPE);
    }

    HttpResponse<String> postRaw(String tokenHeader, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(ReceiptBatch.PATH)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (tokenHeader != null) {
            b.header(SignedToken.HEADER, tokenHeader);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, HttpResponse.BodyHandlers.ofString());
    }

    <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(b.build(), handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        if (service != null) {
            service.close();
        }
        scheduler.shutdownNow();
        origin.close();
        meters.close();
    }
}
