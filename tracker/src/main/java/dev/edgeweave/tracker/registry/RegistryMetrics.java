package dev.edgeweave.tracker.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The registry's meters: {@code edgeweave.tracker.nodes{state}} (gauge),
 * {@code edgeweave.tracker.registrations{result}}, {@code edgeweave.tracker.heartbeats{result}},
 * {@code edgeweave.tracker.publisher.registrations{result}}, {@code edgeweave.tracker.probes{result}},
 * {@code edgeweave.tracker.node.transitions{to}}.
 */
public final class RegistryMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<NodeState, Counter> transitions = new EnumMap<>(NodeState.class);
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public RegistryMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        for (NodeState s : NodeState.values()) {
            transitions.put(s, Counter.builder("edgeweave.tracker.node.transitions").tag("to", s.wire())
                    .description("Node state changes, by the state entered").register(registry));
        }
    }

    /** Registers one gauge per state, reading the counts (indexed by ordinal) from {@code counts}. */
    void bindNodeStates(Supplier<int[]> counts) {
        for (NodeState s : NodeState.values()) {
            gauges.add(Gauge.builder("edgeweave.tracker.nodes", counts, c -> c.get()[s.ordinal()])
                    .tag("state", s.wire()).strongReference(true)
                    .description("Registered nodes by state").register(registry));
        }
    }

    void registration(String result) {
        count("edgeweave.tracker.registrations", "Node registrations by result", result);
    }

    void heartbeat(String result) {
        count("edgeweave.tracker.heartbeats", "Node heartbeats by result", result);
    }

    void publisherRegistration(String result) {
        count("edgeweave.tracker.publisher.registrations", "Publisher registrations by result", result);
    }

    void probe(boolean ok) {
        count("edgeweave.tracker.probes", "Health probes by result", ok ? "passed" : "failed");
    }

    void transition(NodeState to) {
        transitions.get(to).increment();
    }

    /**
     * Removes the gauges (they read this registry's state), so a new tracker on the same meter registry
     * registers its own. Counters stay: they are cumulative.
     */
    @Override
    public void close() {
        for (Meter g : gauges) {
            registry.remove(g);
        }
        gauges.clear();
    }

    private void count(String name, String description, String result) {
        counters.computeIfAbsent(name + "|" + result, k -> Counter.builder(name).tag("result", result)
                .description(description).register(registry)).increment();
    }
}
