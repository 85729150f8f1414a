package dev.edgeweave.tracker.registry;

import dev.edgeweave.tracker.store.PublisherRecord;
import dev.edgeweave.tracker.store.PublisherTable;
import dev.edgeweave.tracker.store.PublisherWrite;
import dev.edgeweave.tracker.store.Store;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishers: the hostname → origin table the edge nodes follow, and the hostnames steering answers
 * for. A publisher named {@code demo} owns {@code demo.ZONE}; its name belongs to the key that
 * registered it first. The table is cached in memory; {@link #refresh()} picks up other replicas'
 * changes when the stored version moves.
 *
 * <p>Methods that write block on the database: never call them from a Netty event loop.
 */
public final class PublisherRegistry {

    private static final Logger log = LoggerFactory.getLogger(PublisherRegistry.class);

    private final Store store;
    private final Nonces nonces;
    private final SteeringFeed feed;
    private final String zone;
    private final Clock clock;
    private final RegistryMetrics metrics;
    private volatile PublisherTable table = new PublisherTable(-1, List.of());
    private volatile Map<String, PublisherRecord> byHost = Map.of();

    /**
     * @param zone the tracker's zone, lowercase without a trailing dot (e.g. {@code cdn.test})
     */
    public PublisherRegistry(Store store, Nonces nonces, SteeringFeed feed, String zone, Clock clock,
                             RegistryMetrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Loads the table from the store and pushes the hostnames to steering. */
    public void load() {
        refresh();
        log.info("registry loaded {} publishers (version {})", table.publishers().size(), table.version());
    }

    /**
     * Registers a publisher, or updates its origin and flags when the same key registers the name again.
     *
     * @throws RegistryException {@code INVALID} naming the field, {@code CONFLICT/name_taken} when another key
     *                           owns the name
     */
    public PublisherWrite register(String name, String publicKey, String origin, Boolean allowUnsafeMethods,
                                   String nonce) {
        try {
            String n = Validation.publisherName(name);
            String key = Validation.publicKey("publicKey", publicKey).hex();
            String o = Validation.origin(origin);
            boolean unsafe = allowUnsafeMethods != null && allowUnsafeMethods;
            nonces.consume(nonce);
            PublisherWrite w = store.putPublisher(n, key, o, unsafe, clock.millis());
            if (w.outcome() == PublisherWrite.Outcome.CONFLICT) {
                throw new RegistryException(RegistryException.Kind.CONFLICT, "name_taken", "name: '" + n
                        + "' belongs to another publisher key (expected: a free name, or the key that registered it)");
            }
            metrics.publisherRegistration(w.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (w.outcome() != PublisherWrite.Outcome.UNCHANGED) {
                log.info("publisher {} {}: host {} origin {} allowUnsafeMethods {} (table version {})", n,
                        w.outcome() == PublisherWrite.Outcome.CREATED ? "registered" : "updated", host(n), o, unsafe,
                        w.version());
            }
            refresh();
            return w;
        } catch (RegistryException ex) {
            metrics.publisherRegistration("refused");
            throw ex;
        }
    }

    /** The current table (version and publishers sorted by name). */
    public PublisherTable table() {
        return table;
    }

    /** The hostname of a publisher name: {@code name.ZONE}. */
    public String host(String name) {
        return name + "." + zone;
    }

    /** The publisher serving {@code hostname} (lowercase FQDN, no trailing dot). */
    public Optional<PublisherRecord> byHost(String hostname) {
        return hostname == null ? Optional.empty() : Optional.ofNullable(byHost.get(hostname));
    }

    /** Reloads the table if the stored version moved (another replica, or a local write). */
    public synchronized void refresh() {
        if (store.publishersVersion() == table.version()) {
            return;
        }
        PublisherTable t = store.publishers();
        Map<String, PublisherRecord> hosts = new HashMap<>();
        for (PublisherRecord p : t.publishers()) {
            hosts.put(host(p.name()), p);
        }
        byHost = Map.copyOf(hosts);
        table = t;
        feed.hostnames(hosts.keySet());
    }
}
