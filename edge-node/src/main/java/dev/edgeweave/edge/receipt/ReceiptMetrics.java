package dev.edgeweave.edge.receipt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Receipt and claim meters: {@code edgeweave.receipts{result,code}} (receipts taken or refused, by
 * reason), {@code edgeweave.receipt.batches{status}}, {@code edgeweave.claims{result}}; the service
 * adds gauges for receipted bytes and earnings. Keeps plain counts too, for {@code /status}.
 */
final class ReceiptMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();

    ReceiptMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void accepted() {
        accepted.incrementAndGet();
        counter("edgeweave.receipts", "result", "accepted", "code", "none", "Receipts from viewers").increment();
    }

    void refused(String code) {
        refused.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        counter("edgeweave.receipts", "result", "refused", "code", code, "Receipts from viewers").increment();
    }

    void batch(int status) {
        counter("edgeweave.receipt.batches", "status", Integer.toString(status), null, null,
                "Receipt batches posted by viewers").increment();
    }

    void claim(String result) {
        counter("edgeweave.claims", "result", result, null, null, "Epoch claims sent to the tracker").increment();
    }

    long acceptedCount() {
        return accepted.get();
    }

    Map<String, Long> refusedCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        refused.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String t1, String v1, String t2, String v2, String description) {
        return counters.computeIfAbsent(name + '|' + v1 + '|' + v2, k -> {
            Counter.Builder b = Counter.builder(name).description(description).tag(t1, v1);
            if (t2 != null) {
                b.tag(t2, v2);
            }
            return b.register(registry);
        });
    }
}
