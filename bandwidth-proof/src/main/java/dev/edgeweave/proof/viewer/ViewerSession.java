package dev.edgeweave.proof.viewer;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Viewer SDK: fetches through the CDN with a publisher-issued token, verifies what it receives,
 * and pays nodes with signed cumulative receipts.
 *
 * <ul>
 *   <li>every request carries {@code EdgeWeave-Token: <base64url of the signed token>};</li>
 *   <li>a full 200 response whose body matches its {@code Repr-Digest} (RFC 9530, sha-256 or
 *       sha-512) counts for the node named by {@code EdgeWeave-Node} in the epoch named by
 *       {@code EdgeWeave-Epoch}; a body that fails its digest never counts (see
 *       {@link ViewerConfig} for unverifiable responses);</li>
 *   <li>{@link #reportReceipts()} signs, per (node, epoch) with new bytes, a receipt stating the
 *       cumulative total and POSTs them as a {@link ReceiptBatch} to
 *       {@code <scheme://authority of the serving URI>/.well-known/edgeweave/receipts}.</li>
 * </ul>
 *
 * <p>Serials are {@code max(previous + 1, now in ms)}, strictly increasing even across restarts
 * of the viewer with the same token. Thread-safe; HTTP calls run outside the session's lock.
 */
public final class ViewerSession {

    /** Response header naming the serving node (64 hex digits). */
    public static final String NODE_HEADER = "EdgeWeave-Node";
    /** Response header with the node's current epoch (decimal). */
    public static final String EPOCH_HEADER = "EdgeWeave-Epoch";
    /** RFC 9530 representation digest header. */
    public static final String DIGEST_HEADER = "Repr-Digest";

    private static final Logger log = LoggerFactory.getLogger(ViewerSession.class);

    private final HttpClient client;
    private final Ed25519KeyPair viewerKey;
    private final SignedToken token;
    private final String tokenHeader;
    private final Clock clock;
    private final ViewerConfig config;
    private final Map<Account, Counter> counters = new LinkedHashMap<>();
    private long lastSerial;

    private record Account(Ed25519PublicKey node, long epoch) {
    }

    private static final class Counter {
        final URI base;
        long bytes;
        long reported;

        Counter(URI base) {
            this.base = base;
        }
    }

    /**
     * The outcome of posting one node's batch.
     *
     * @param node the node
     * @param target where the batch went
     * @param receipts the receipts sent
     * @param status the HTTP status, or -1 if the request failed
     * @param error the failure, if any
     */
    public record Report(Ed25519PublicKey node, URI target, List<SignedReceipt> receipts, int status,
                         Optional<String> error) {
        /** Whether the node took the batch (2xx). */
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * A session for {@code token}, signing with {@code viewerKey} (the token's viewer key).
     *
     * @throws IllegalArgumentException if {@code viewerKey} is not the token's viewer
     */
    public ViewerSession(HttpClient client, Ed25519KeyPair viewerKey, SignedToken token, Clock clock,
                         ViewerConfig config) {
        this.client = Objects.requireNonNull(client, "client");
        this.viewerKey = Objects.requireNonNull(viewerKey, "viewerKey");
        this.token = Objects.requireNonNull(token, "token");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        if (!token.token().viewer().equals(viewerKey.publicKey())) {
            throw new IllegalArgumentException("viewerKey: " + viewerKey.publicKey().hex()
                    + " (expected: the token's viewer " + token.token().viewer().hex() + ")");
        }
        this.tokenHeader = token.toHeaderValue();
    }

    /** Fetches {@code uri}, keeps the body, counts verified bytes, and reports if so configured. */
    public FetchResult fetch(URI uri) throws IOException, InterruptedException {
        return fetch(uri, true);
    }

    /** Like {@link #fetch} but does not keep the body (load generators). */
    public FetchResult fetchDiscarding(URI uri) throws IOException, InterruptedException {
        return fetch(uri, false);
    }

    private FetchResult fetch(URI uri, boolean keepBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().header(SignedToken.HEADER, tokenHeader).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        Optional<Map.Entry<String, byte[]>> expected = status == 200
                ? ReprDigest.strongest(response.headers().firstValue(DIGEST_HEADER).orElse(null))
                : Optional.empty();
        MessageDigest md = expected.map(e -> newDigest(e.getKey())).orElse(null);
        ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
        long length = 0;
        try (InputStream in = response.body()) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                length += n;
                if (md != null) {
                    md.update(buf, 0, n);
                }
                if (kept != null) {
                    if (length > config.maxBodyBytes()) {
                        throw new IOException(uri + ": body over " + config.maxBodyBytes() + " bytes (maxBodyBytes)");
                    }
                    kept.write(buf, 0, n);
                }
            }
        }
        DigestCheck check;
        if (status != 200) {
            check = DigestCheck.NOT_APPLICABLE;
        } else if (md == null) {
            check = DigestCheck.ABSENT;
        } else {
            check = MessageDigest.isEqual(md.digest(), expected.get().getValue()) ? DigestCheck.VERIFIED
                    : DigestCheck.MISMATCH;
        }
        Optional<Ed25519PublicKey> node = parseNode(uri, response);
        OptionalLong epoch = parseEpoch(uri, response);
        boolean countable = check == DigestCheck.VERIFIED
                || (config.countUnverified() && (check == DigestCheck.ABSENT || status == 206));
        long counted = 0;
        if (check == DigestCheck.MISMATCH) {
            log.warn("{}: body fails its {} ({} bytes from node {}): not counted", uri, DIGEST_HEADER, length,
                    node.map(Ed25519PublicKey::shortHex).orElse("?"));
        } else if (countable && node.isPresent() && epoch.isPresent()) {
            counted = length;
            synchronized (this) {
                counters.computeIfAbsent(new Account(node.get(), epoch.getAsLong()), a -> new Counter(baseOf(uri)))
                        .bytes += length;
            }
        }
        FetchResult result = new FetchResult(uri, status, response.headers(), kept == null ? null : kept.toByteArray(),
                length, node, epoch, check, counted);
        if (counted > 0 && config.reportAfterEachFetch()) {
            reportReceipts();
        }
        return result;
    }

    /**
     * Signs and posts a receipt for every (node, epoch) whose counted bytes grew since the last
     * successful report. A failed post is retried by the next call (with a new serial).
     */
    public List<Report> reportReceipts() throws InterruptedException {
        Map<URI, List<SignedReceipt>> byTarget = new LinkedHashMap<>();
        Map<URI, Ed25519PublicKey> nodes = new LinkedHashMap<>();
        Map<SignedReceipt, Counter> sources = new LinkedHashMap<>();
        synchronized (this) {
            for (Map.Entry<Account, Counter> e : counters.entrySet()) {
                Counter c = e.getValue();
                if (c.bytes == c.reported) {
                    continue;
                }
                long now = clock.millis();
                lastSerial = Math.max(lastSerial + 1, now);
                SignedReceipt r = new Receipt(token.tokenId(), e.getKey().node(), e.getKey().epoch(), lastSerial,
                        c.bytes, now).sign(viewerKey);
                URI target = c.base.resolve(ReceiptBatch.PATH);
                byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(r);
                nodes.put(target, e.getKey().node());
                sources.put(r, c);
            }
        }
        List<Report> reports = new ArrayList<>();
        for (Map.Entry<URI, List<SignedReceipt>> e : byTarget.entrySet()) {
            List<SignedReceipt> batch = e.getValue();
            Report report = post(nodes.get(e.getKey()), e.getKey(), batch);
            if (report.ok()) {
                synchronized (this) {
                    for (SignedReceipt r : batch) {
                        Counter c = sources.get(r);
                        c.reported = Math.max(c.reported, r.receipt().bytes());
                    }
                }
            }
            reports.add(report);
        }
        return reports;
    }

    private Report post(Ed25519PublicKey node, URI target, List<SignedReceipt> batch) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .header("Content-Type", ReceiptBatch.CONTENT_TYPE)
                .header(SignedToken.HEADER, tokenHeader)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ReceiptBatch.encode(batch)))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                log.warn("node {} refused {} receipts at {}: {} {}", node.shortHex(), batch.size(), target,
                        response.statusCode(), response.body().strip());
                return new Report(node, target, batch, response.statusCode(), Optional.of(response.body().strip()));
            }
            log.debug("node {} took {} receipts", node.shortHex(), batch.size());
            return new Report(node, target, batch, response.statusCode(), Optional.empty());
        } catch (IOException e) {
            log.warn("posting {} receipts to node {} at {} failed: {}", batch.size(), node.shortHex(), target,
                    e.toString());
            return new Report(node, target, batch, -1, Optional.of(e.toString()));
        }
    }

    /** Counted bytes per node in {@code epoch}. */
    public synchronized Map<Ed25519PublicKey, Long> countedBytes(long epoch) {
        Map<Ed25519PublicKey, Long> out = new LinkedHashMap<>();
        counters.forEach((a, c) -> {
            if (a.epoch() == epoch) {
                out.put(a.node(), c.bytes);
            }
        });
        return out;
    }

    /** Counted bytes over every node and epoch. */
    public synchronized long totalCountedBytes() {
        return counters.values().stream().mapToLong(c -> c.bytes).sum();
    }

    /** The token this session uses. */
    public SignedToken token() {
        return token;
    }

    private static URI baseOf(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/");
    }

    private static Optional<Ed25519PublicKey> parseNode(URI uri, HttpResponse<?> response) {
        Optional<String> v = response.headers().firstValue(NODE_HEADER);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Ed25519PublicKey.fromHex(v.get().strip()));
        } catch (IllegalArgumentException e) {
            log.warn("{}: ignoring bad {} header: {}", uri, NODE_HEADER, e.getMessage());
            return Optional.empty();
        }
    }

    private static OptionalLong parseEpoch(URI uri, HttpResponse<?> response) {
        Optional<String> v = response.headers().firstValue(EPOCH_HEADER);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long e = Long.parseLong(v.get().strip());
            if (e >= 0) {
                return OptionalLong.of(e);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        log.warn("{}: ignoring bad {} header '{}' (expected: a non-negative integer)", uri, EPOCH_HEADER, v.get());
        return OptionalLong.empty();
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
