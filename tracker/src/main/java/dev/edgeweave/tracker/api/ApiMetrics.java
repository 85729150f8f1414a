package dev.edgeweave.tracker.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code edgeweave.tracker.api.requests{endpoint,status}}: endpoint is the path template, never the raw path. */
final class ApiMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ApiMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String endpoint, int status) {
        String key = endpoint + "|" + status;
        Counter c = counters.get(key);
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> Counter.builder("edgeweave.tracker.api.requests")
                    .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                    .description("Tracker API requests by endpoint and status").register(registry));
        }
        c.increment();
    }
}
