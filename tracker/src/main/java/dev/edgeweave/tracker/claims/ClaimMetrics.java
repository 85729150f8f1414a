package dev.edgeweave.tracker.claims;

import dev.edgeweave.tracker.ledger.Settlement;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code edgeweave.tracker.claims{result}}, {@code edgeweave.tracker.audits{result}},
 * {@code edgeweave.tracker.epochs.settled}, {@code edgeweave.tracker.rewards.paid} and
 * {@code edgeweave.tracker.verified.bytes}.
 */
final class ClaimMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ClaimMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void claim(String result) {
        counter("edgeweave.tracker.claims", "result", result, "Epoch claims by outcome").increment();
    }

    void audit(String result) {
        counter("edgeweave.tracker.audits", "result", result, "Claim audits by outcome").increment();
    }

    void settled(Settlement.Result s) {
        counter("edgeweave.tracker.epochs.settled", null, null, "Epochs settled").increment();
        counter("edgeweave.tracker.rewards.paid", null, null, "Reward units paid to nodes").increment(s.paid());
        counter("edgeweave.tracker.verified.bytes", null, null, "Bytes verified and credited").increment(
                s.verifiedBytes());
    }

    private Counter counter(String name, String tag, String value, String description) {
        return counters.computeIfAbsent(name + "|" + value, k -> {
            Counter.Builder b = Counter.builder(name).description(description);
            if (tag != null) {
                b.tag(tag, value);
            }
            return b.register(registry);
        });
    }
}
