package dev.edgeweave.edge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's meters, registered once on the registry the node was given. Names follow Prometheus
 * conventions once rendered ({@code edgeweave_requests_total{result="hit",tier="memory"}} …).
 */
public final class EdgeMetrics {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> bytesOut = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> badRequests = new ConcurrentHashMap<>();
    private final Counter originFetches;
    private final Counter originErrors;
    private final Counter coalesced;
    private final Counter digestMismatches;
    private final AtomicLong openConnections = new AtomicLong();
    private final Timer latency;
    private final DistributionSummary responseBytes;

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        originFetches = Counter.builder("edgeweave.origin.fetches").description("requests sent to origins").register(registry);
        originErrors = Counter.builder("edgeweave.origin.errors").description("origin exchanges that failed").register(registry);
        coalesced = Counter.builder("edgeweave.coalesced.waiters")
                .description("viewers served by another viewer's origin fetch").register(registry);
        digestMismatches = Counter.builder("edgeweave.repr.digest.mismatches")
                .description("origin bodies that failed their Repr-Digest and were discarded").register(registry);
        Gauge.builder("edgeweave.connections.open", openConnections, AtomicLong::get)
                .description("open viewer connections").register(registry);
        latency = Timer.builder("edgeweave.request.duration").description("request head to response end")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        responseBytes = DistributionSummary.builder("edgeweave.response.bytes").baseUnit("bytes").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One finished request: result is hit/miss/stale/pass/error…, tier is memory/disk/origin/none. */
    public void request(String result, String tier, long nanos) {
        requests.computeIfAbsent(result + "/" + tier, k -> Counter.builder("edgeweave.requests")
                .tag("result", result).tag("tier", tier).description("requests by cache result and tier")
                .register(registry)).increment();
        latency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void bytesOut(String tier, long bytes) {
        bytesOut.computeIfAbsent(tier, k -> Counter.builder("edgeweave.bytes.out").baseUnit("bytes")
                .tag("tier", tier).description("body bytes sent to viewers by tier").register(registry))
                .increment(bytes);
        responseBytes.record(bytes);
    }

    /** Body bytes sent to viewers since start, all tiers. */
    public double totalBytesOut() {
        return bytesOut.values().stream().mapToDouble(Counter::count).sum();
    }

    public void badRequest(String reason) {
        badRequests.computeIfAbsent(reason, k -> Counter.builder("edgeweave.bad.requests").tag("reason", reason)
                .description("requests refused as malformed").register(registry)).increment();
    }

    public void originFetch() {
        originFetches.increment();
    }

    public void originError() {
        originErrors.increment();
    }

    public void coalesced() {
        coalesced.increment();
    }

    public void digestMismatch() {
        digestMismatches.increment();
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public long openConnections() {
        return openConnections.get();
    }

    public double originFetchCount() {
        return originFetches.count();
    }

    public double requestCount(String result) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(result + "/"))
                .mapToDouble(e -> e.getValue().count()).sum();
    }
}
