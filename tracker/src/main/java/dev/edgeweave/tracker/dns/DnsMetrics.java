package dev.edgeweave.tracker.dns;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * DNS counters, cheap enough for the hot path (a {@link LongAdder} each, read by Micrometer on scrape).
 * <ul>
 *   <li>{@code edgeweave.dns.queries{transport=udp|tcp, path=fast|slow}}</li>
 *   <li>{@code edgeweave.dns.responses{rcode=NOERROR|FORMERR|SERVFAIL|NXDOMAIN|NOTIMP|REFUSED|BADVERS|OTHER}}</li>
 *   <li>{@code edgeweave.dns.truncated} UDP answers sent with TC (client retries over TCP)</li>
 *   <li>{@code edgeweave.dns.dropped} packets not answered (responses, fewer than 2 bytes)</li>
 *   <li>{@code edgeweave.dns.zone.generation} steering generation the answers were computed from</li>
 * </ul>
 */
final class DnsMetrics {

    private static final String[] RCODES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"};

    private final LongAdder udpFast = new LongAdder();
    private final LongAdder udpSlow = new LongAdder();
    private final LongAdder tcpFast = new LongAdder();
    private final LongAdder tcpSlow = new LongAdder();
    private final LongAdder[] rcodes = new LongAdder[RCODES.length + 2];   // + BADVERS, OTHER
    private final LongAdder truncated = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    final AtomicLong generation = new AtomicLong();

    DnsMetrics(MeterRegistry registry, String zone) {
        counter(registry, "edgeweave.dns.queries", udpFast, "Queries answered", "transport", "udp", "path", "fast", zone);
        counter(registry, "edgeweave.dns.queries", udpSlow, "Queries answered", "transport", "udp", "path", "slow", zone);
        counter(registry, "edgeweave.dns.queries", tcpFast, "Queries answered", "transport", "tcp", "path", "fast", zone);
        counter(registry, "edgeweave.dns.queries", tcpSlow, "Queries answered", "transport", "tcp", "path", "slow", zone);
        for (int i = 0; i < rcodes.length; i++) {
            rcodes[i] = new LongAdder();
            String name = i < RCODES.length ? RCODES[i] : i == RCODES.length ? "BADVERS" : "OTHER";
            FunctionCounter.builder("edgeweave.dns.responses", rcodes[i], LongAdder::sum)
                    .description("Responses by RCODE").tag("rcode", name).tag("zone", zone).register(registry);
        }
        FunctionCounter.builder("edgeweave.dns.truncated", truncated, LongAdder::sum)
                .description("UDP responses truncated (TC)").tag("zone", zone).register(registry);
        FunctionCounter.builder("edgeweave.dns.dropped", dropped, LongAdder::sum)
                .description("Packets dropped unanswered").tag("zone", zone).register(registry);
        Gauge.builder("edgeweave.dns.zone.generation", generation, AtomicLong::get)
                .description("Steering generation of the answers served").tag("zone", zone).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String description,
                                String k1, String v1, String k2, String v2, String zone) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description)
                .tag(k1, v1).tag(k2, v2).tag("zone", zone).register(registry);
    }

    void query(boolean udp, boolean fast) {
        (udp ? (fast ? udpFast : udpSlow) : (fast ? tcpFast : tcpSlow)).increment();
    }

    void response(int rcode, boolean trunc) {
        rcodes[rcode < RCODES.length ? rcode : rcode == 16 ? RCODES.length : RCODES.length + 1].increment();
        if (trunc) {
            truncated.increment();
        }
    }

    void dropped() {
        dropped.increment();
    }
}
