package dev.edgeweave.edge.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered publishers' keys, followed from the tracker's {@code GET /v1/publishers} (with
 * {@code If-None-Match}, so an unchanged table costs a 304): the {@code Supplier} a
 * {@link ReceiptService} checks viewer tokens against. Lock-free reads.
 */
public final class PublisherKeys implements Supplier<Set<Ed25519PublicKey>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PublisherKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tracker;
    private final HttpClient http;
    private volatile Set<Ed25519PublicKey> keys = Set.of();
    private volatile String etag;
    private volatile String lastError;
    private ScheduledFuture<?> task;

    /** Follows the publisher table of the tracker at {@code tracker} (its API base URL). */
    public PublisherKeys(URI tracker) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The keys of the publishers registered at the last successful refresh. */
    @Override
    public Set<Ed25519PublicKey> get() {
        return keys;
    }

    /**
     * Reads the table now.
     *
     * @throws IOException if the tracker cannot be reached or answers an error
     */
    public void refresh() throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(tracker.resolve("/v1/publishers"))
                .timeout(Duration.ofSeconds(10)).GET();
        String tag = etag;
        if (tag != null) {
            b.header("If-None-Match", tag);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 304) {
            return;
        }
        if (r.statusCode() != 200) {
            throw new IOException("GET /v1/publishers → " + r.statusCode() + ": " + r.body());
        }
        JsonNode doc = JSON.readTree(r.body());
        Set<Ed25519PublicKey> fresh = new HashSet<>();
        for (JsonNode p : doc.path("publishers")) {
            try {
                fresh.add(Ed25519PublicKey.fromHex(p.path("publicKey").asText()));
            } catch (IllegalArgumentException e) {
                log.warn("publisher {}: ignoring bad publicKey: {}", p.path("name").asText(), e.getMessage());
            }
        }
        keys = Set.copyOf(fresh);
        etag = r.headers().firstValue("ETag").orElse(null);
        log.info("publisher keys from {}: {} publishers (version {})", tracker, fresh.size(),
                doc.path("version").asLong());
    }

    /** Refreshes every {@code every} on {@code scheduler} (blocking HTTP, short), logging failures once per change. */
    public synchronized void start(ScheduledExecutorService scheduler, Duration every) {
        if (task != null) {
            throw new IllegalStateException("publisher keys already followed");
        }
        task = scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
            lastError = null;
        } catch (IOException e) {
            String msg = "publisher keys from " + tracker + " unavailable: " + e.getMessage();
            if (!msg.equals(lastError)) {
                log.warn(msg);
            }
            lastError = msg;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
