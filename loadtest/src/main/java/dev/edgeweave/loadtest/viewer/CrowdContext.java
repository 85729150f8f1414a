package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.LoadConfig;
import dev.edgeweave.loadtest.report.Stats;
import io.netty.bootstrap.Bootstrap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** What every viewer of a crowd shares: settings, meters, clocks, the request budget. Immutable but for the budget. */
final class CrowdContext {

    final LoadConfig config;
    final String hostHeader;
    final int port;
    final List<String> streams;
    final Zipf zipf;
    final Stats stats;
    final LongSupplier nanos;
    final LongSupplier millis;
    final Bootstrap bootstrap;
    final long timeoutNanos;
    final long bufferNanos;
    private final AtomicLong budget;

    CrowdContext(LoadConfig config, List<String> streams, Stats stats, LongSupplier nanos, LongSupplier millis,
                 Bootstrap bootstrap) {
        this.config = config;
        this.port = config.port();
        this.hostHeader = config.host() + (port == 80 ? "" : ":" + port);
        this.streams = List.copyOf(streams);
        this.zipf = new Zipf(streams.size(), config.zipf());
        this.stats = stats;
        this.nanos = nanos;
        this.millis = millis;
        this.bootstrap = bootstrap;
        this.timeoutNanos = config.timeout().toNanos();
        this.bufferNanos = config.buffer().toNanos();
        this.budget = new AtomicLong(config.maxRequests());
    }

    /** Takes one request from the budget; false once it is spent. */
    boolean takeRequest() {
        return budget.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }

    boolean budgetSpent() {
        return budget.get() == 0;
    }

    long millisToNanos(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
