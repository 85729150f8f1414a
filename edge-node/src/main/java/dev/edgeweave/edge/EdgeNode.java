package dev.edgeweave.edge;

import dev.edgeweave.cache.CacheConfig;
import dev.edgeweave.cache.ContentStore;
import dev.edgeweave.edge.admin.AdminServer;
import dev.edgeweave.edge.http.EdgeContext;
import dev.edgeweave.edge.origin.HostTable;
import dev.edgeweave.edge.origin.OriginClient;
import dev.edgeweave.edge.origin.OriginRoute;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge node: cache store, origin client, viewer server and admin server, wired together and
 * started; closed in reverse order. Standalone ({@code --origin}) or following a tracker's host table.
 */
public final class EdgeNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EdgeNode.class);

    private final EdgeConfig config;
    private final ContentStore store;
    private final OriginClient originClient;
    private final HostTable hosts;
    private final EdgeServer server;
    private final EdgeMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final EdgeContext context;
    private final long startedAt;
    private AdminServer admin;
    private InetSocketAddress httpAddress;
    private InetSocketAddress adminAddress;
    private InetSocketAddress tlsAddress;
    private volatile String drainReason;
    private volatile boolean closed;
    private volatile Supplier<Map<String, Object>> extraStatus = Map::of;

    private EdgeNode(EdgeConfig config, HostTable hosts, Clock clock, Transport transport,
                     EdgeContext.ServedBytes served, EdgeContext.ExtraRoutes extra) throws IOException {
        this.config = config;
        this.hosts = hosts;
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.metrics = new EdgeMetrics(registry);
        this.store = ContentStore.open(new CacheConfig(config.cacheDir(), config.memCache(), config.diskCache(),
                config.sliceSize(), Math.min(config.memCache() / 8, 1L << 20)), clock);
        this.server = new EdgeServer(transport, config.ioThreads());
        this.originClient = new OriginClient(config.timeouts(), transport::socketChannel);
        this.context = new EdgeContext(config, store, originClient, hosts, metrics, clock, served, extra);
        this.startedAt = clock.millis();
        io.micrometer.core.instrument.Gauge.builder("edgeweave.cache.bytes", store, s -> s.stats().diskBytes())
                .tag("tier", "disk").description("bytes held by the disk tier").register(registry);
        io.micrometer.core.instrument.Gauge.builder("edgeweave.cache.bytes", store, s -> s.stats().memoryBytes())
                .tag("tier", "memory").description("bytes held by the memory tier").register(registry);
        io.micrometer.core.instrument.Gauge.builder("edgeweave.cache.objects", store, s -> s.stats().objects())
                .description("objects in the cache").register(registry);
    }

    /** Starts a node serving {@code hosts}; in standalone mode pass {@link #standaloneHosts}. */
    public static EdgeNode start(EdgeConfig config, HostTable hosts, Clock clock, EdgeContext.ServedBytes served,
                                 EdgeContext.ExtraRoutes extra) throws IOException, InterruptedException {
        return start(config, hosts, clock, served, extra, Transport.best(null));
    }

    /** As {@link #start(EdgeConfig, HostTable, Clock, EdgeContext.ServedBytes, EdgeContext.ExtraRoutes)} on a chosen transport. */
    public static EdgeNode start(EdgeConfig config, HostTable hosts, Clock clock, EdgeContext.ServedBytes served,
                                 EdgeContext.ExtraRoutes extra, Transport transport)
            throws IOException, InterruptedException {
        EdgeNode node = new EdgeNode(config, hosts, clock, transport, served, extra);
        try {
            node.httpAddress = node.server.bind(config.listen(), node.context);
            if (config.tls() != null) {
                node.tlsAddress = node.server.bindTls(config.tls(), config.timeouts().viewerHeader(), node.context);
                log.info("edge node {} serving https://{}:{} ({} TLS, HTTP/1.1 and h2)", config.nodeName(),
                        node.tlsAddress.getHostString(), node.tlsAddress.getPort(),
                        node.server.certificates().provider().cliName());
            }
            if (config.admin() != null) {
                node.admin = new AdminServer(node.registry, node::status, () -> node.drainReason);
                node.adminAddress = node.admin.bind(config.admin(), node.server.workers(), transport.serverChannel());
            }
        } catch (Exception e) {
            node.close();
            throw e;
        }
        log.info("edge node {} serving http://{}:{} ({} transport, cache {} in {}, origin {})", config.nodeName(),
                node.httpAddress.getHostString(), node.httpAddress.getPort(), transport.name().toLowerCase(),
                config.cacheDir(), config.cacheDir(), config.origin() != null ? config.origin() : "from tracker");
        return node;
    }

    /** Standalone mode: every Host goes to the configured origin. */
    public static HostTable standaloneHosts(EdgeConfig config) {
        return HostTable.everyHost(new OriginRoute("*", config.origin(), true));
    }

    /** The shared per-node context (hooks for receipts, response headers). */
    public EdgeContext context() {
        return context;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    public InetSocketAddress adminAddress() {
        return adminAddress;
    }

    /** The bound HTTPS address, or {@code null} without a TLS listener. */
    public InetSocketAddress tlsAddress() {
        return tlsAddress;
    }

    /** The TLS listener's certificates (names, provider), or {@code null} without one. */
    public dev.edgeweave.edge.tls.TlsCertificates tlsCertificates() {
        return server.certificates();
    }

    public ContentStore store() {
        return store;
    }

    public EdgeMetrics metrics() {
        return metrics;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public HostTable hosts() {
        return hosts;
    }

    public EdgeConfig config() {
        return config;
    }

    /** Adds fields to /status (tracker mode: registration, epoch, earnings). */
    public void extraStatus(Supplier<Map<String, Object>> s) {
        this.extraStatus = s;
    }

    /** Marks the node draining: /health answers 503 with the reason; transfers continue. */
    public void drain(String reason) {
        drainReason = "draining: " + reason;
        log.info("edge node {} draining: {}", config.nodeName(), reason);
    }

    public boolean draining() {
        return drainReason != null;
    }

    private Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", config.nodeName());
        m.put("http", "http://" + httpAddress.getHostString() + ":" + httpAddress.getPort());
        if (tlsAddress != null) {
            m.put("https", "https://" + tlsAddress.getHostString() + ":" + tlsAddress.getPort());
            m.put("tlsProvider", server.certificates().provider().cliName());
        }
        m.put("state", drainReason == null ? "serving" : drainReason);
        m.put("uptimeSeconds", (context.clockMillis() - startedAt) / 1000);
        m.put("origin", config.origin() == null ? null : config.origin().toString());
        m.put("hosts", hosts.routes().stream().map(r -> r.host() + " -> " + r.origin()).toList());
        m.put("cache", store.stats());
        m.put("openConnections", metrics.openConnections());
        m.put("originFetches", (long) metrics.originFetchCount());
        m.putAll(extraStatus.get());
        return m;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (admin != null) {
            admin.close();
        }
        originClient.close();
        server.close();
        store.close();
        registry.close();
        log.info("edge node {} stopped", config.nodeName());
    }
}
