package dev.edgeweave.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.tls.DevCa;
import dev.edgeweave.edge.tracker.TrackerClient;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.KeyFiles;
import dev.edgeweave.tracker.Tracker;
import dev.edgeweave.tracker.TrackerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole network on loopback: a tracker, a sample origin with a real HLS stream, and N edge nodes on
 * 127.0.0.11, .12, … (all on one port), each in its own region; publisher {@code demo} registered at
 * {@code demo.ZONE}. Keys and caches live under the data directory, so a second start reuses them.
 *
 * <p>Addressing (DESIGN.md §3): node i listens on 127.0.0.(11+i); clients from 127.0.(i+1).0/24 are
 * in node i's region r{i}; other loopback clients fall in r0.
 */
public final class Devnet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Devnet.class);

    /** Region locations for the devnet's coverage file (city centres, so distances read naturally). */
    private static final double[][] PLACES = {
        {48.86, 2.35}, {40.71, -74.01}, {1.35, 103.82}, {-23.55, -46.63}, {-33.87, 151.21}, {35.68, 139.69},
        {51.51, -0.13}, {37.77, -122.42}, {19.08, 72.88}, {-1.29, 36.82}, {55.76, 37.62}, {52.52, 13.40},
    };

    /**
     * @param nodes     number of edge nodes (1–12)
     * @param data      state directory
     * @param zone      DNS zone
     * @param httpPort  the port every node listens on (0: pick one)
     * @param apiPort   tracker API port (0: pick)
     * @param dnsPort   tracker DNS port (0: pick)
     * @param epoch     reward epoch length
     * @param nodeBase  node 0's address, node i listens on it plus i (null: 127.0.0.11); e.g. an address on a veth
     *                  so that viewers in another network namespace reach the nodes
     */
    public record Config(int nodes, Path data, String zone, int httpPort, int apiPort, int dnsPort, Duration epoch,
                         String nodeBase) {
        /** The devnet on 127.0.0.11, .12, … */
        public Config(int nodes, Path data, String zone, int httpPort, int apiPort, int dnsPort, Duration epoch) {
            this(nodes, data, zone, httpPort, apiPort, dnsPort, epoch, null);
        }

        /** Node {@code i}'s address. */
        String nodeAddress(int i) {
            String base = nodeBase == null ? "127.0.0.11" : nodeBase;
            int dot = base.lastIndexOf('.');
            return base.substring(0, dot + 1) + (Integer.parseInt(base.substring(dot + 1)) + i);
        }

        public Config {
            if (nodeBase != null && (!nodeBase.matches("(\\d{1,3}\\.){3}\\d{1,3}")
                    || Integer.parseInt(nodeBase.substring(nodeBase.lastIndexOf('.') + 1)) + nodes > 255)) {
                throw new IllegalArgumentException("nodeBase: '" + nodeBase + "' (expected: an IPv4 address whose last"
                        + " byte leaves room for " + nodes + " nodes)");
            }
            java.util.Objects.requireNonNull(data, "--data: missing (expected: a directory for keys, caches and state)");
            if (nodes < 1 || nodes > PLACES.length) {
                throw new IllegalArgumentException("--nodes: " + nodes + " (expected: 1 to " + PLACES.length + ")");
            }
            for (int p : new int[] {httpPort, apiPort, dnsPort}) {
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("port " + p + " (expected: 0-65535, 0 picks a free one)");
                }
            }
        }
    }

    /** One running node. */
    public record Node(String id, String region, URI url, URI admin, EdgeLauncher launcher) {}

    private final Config config;
    private SampleOrigin origin;
    private Tracker tracker;
    private final List<Node> nodes = new ArrayList<>();
    private Path endpoints;

    private Devnet(Config config) {
        this.config = config;
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static Devnet start(Config config) throws Exception {
        Devnet d = new Devnet(config);
        try {
            d.startAll();
        } catch (Exception e) {
            d.close();
            throw e;
        }
        return d;
    }

    private void startAll() throws Exception {
        Path data = config.data().toAbsolutePath();
        Files.createDirectories(data);
        Path coverage = data.resolve("coverage.txt");
        Files.writeString(coverage, coverageFile(config.nodes()));
        origin = new SampleOrigin(new InetSocketAddress("127.0.0.1", 0));
        TrackerConfig tc = TrackerConfig.of(new InetSocketAddress("127.0.0.1", config.apiPort()),
                        new InetSocketAddress("127.0.0.1", config.dnsPort()), config.zone(), data.resolve("tracker"))
                .withCoverageFile(coverage)
                .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(5))
                .withProbe(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withEpochLength(config.epoch());
        Files.createDirectories(tc.dataDir());
        tracker = new Tracker(tc, Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        tracker.start();
        TrackerClient client = new TrackerClient(tracker.apiUri());
        Ed25519KeyPair publisher = key(data.resolve("demo-publisher.key"));
        PublisherCommand.register(client, publisher, "demo", origin.uri(), false);
        int port = config.httpPort();
        int tlsPort = 0;
        // A local CA for the zone: every node serves https://demo.ZONE with a certificate it signed, so
        // `curl --cacert DATA/ca.pem` works against any node. Reused on a second start.
        Path caCert = data.resolve("ca.pem");
        Path caKey = data.resolve("ca-key.pem");
        Path nodeCert = data.resolve("tls-cert.pem");
        Path nodeKey = data.resolve("tls-key.pem");
        if (!Files.exists(caCert) || !Files.exists(caKey) || !Files.exists(nodeCert) || !Files.exists(nodeKey)) {
            DevCa ca = DevCa.create("EdgeWeave devnet CA", Clock.systemUTC(), Duration.ofDays(3650));
            ca.writeCa(caCert, caKey);
            List<String> names = new ArrayList<>(List.of(config.zone(), "*." + config.zone()));
            for (int i = 0; i < config.nodes(); i++) {
                names.add(config.nodeAddress(i));
            }
            ca.issue(nodeCert, nodeKey, DevCa.KeyType.EC_P256, Duration.ofDays(825), names.toArray(String[]::new));
        }
        for (int i = 0; i < config.nodes(); i++) {
            String ip = config.nodeAddress(i);
            Path dir = data.resolve("node-" + i);
            Files.createDirectories(dir);
            EdgeConfig cfg = EdgeConfig.standalone(new InetSocketAddress(ip, port), dir.resolve("cache"), null)
                    .withAdmin(new InetSocketAddress(ip, 0))
                    .withCache(64L << 20, 1L << 30, 1 << 20)
                    .withNodeName("node" + i)
                    .withIoThreads(1)
                    .withTls(EdgeConfig.Tls.of(new InetSocketAddress(ip, tlsPort), nodeCert, nodeKey));
            Ed25519KeyPair key = key(dir.resolve("node.key"));
            EdgeLauncher l = EdgeLauncher.withTracker(cfg, tracker.apiUri(), key, "r" + i, 1000);
            port = l.node.httpAddress().getPort();
            tlsPort = l.node.tlsAddress().getPort();
            nodes.add(new Node(key.publicKey().hex(), "r" + i, URI.create(EdgeLauncher.url(l.node.httpAddress())),
                    URI.create(EdgeLauncher.url(l.node.adminAddress())), l));
        }
        endpoints = data.resolve("endpoints.json");
        Files.writeString(endpoints, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(endpointsDocument()));
    }

    static String coverageFile(int n) {
        StringBuilder sb = new StringBuilder("# devnet coverage: CIDR REGION LAT LON\n");
        for (int i = 0; i < n; i++) {
            String loc = " r" + i + " " + PLACES[i][0] + " " + PLACES[i][1] + "\n";
            sb.append("127.0.").append(i + 1).append(".0/24").append(loc);
            sb.append("127.0.0.").append(11 + i).append("/32").append(loc);
        }
        sb.append("# every other loopback client (dig, curl from 127.0.0.1) is in r0\n");
        sb.append("127.0.0.0/8 r0 ").append(PLACES[0][0]).append(' ').append(PLACES[0][1]).append('\n');
        return sb.toString();
    }

    private static Ed25519KeyPair key(Path file) throws IOException {
        if (Files.exists(file)) {
            return KeyFiles.read(file);
        }
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        KeyFiles.write(file, kp);
        return kp;
    }

    /** The endpoints.json document (DESIGN.md §3). */
    public Map<String, Object> endpointsDocument() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", config.zone());
        m.put("dns", "127.0.0.1:" + tracker.dnsAddress().getPort());
        m.put("api", tracker.apiUri().toString().replaceAll("/$", ""));
        m.put("origin", origin.uri().toString());
        m.put("publisher", Map.of("name", "demo", "host", "demo." + config.zone()));
        m.put("stream", "/hls/index.m3u8");
        List<Map<String, Object>> ns = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", n.id());
            e.put("url", n.url().toString());
            e.put("admin", n.admin().toString());
            e.put("region", n.region());
            ns.add(e);
        }
        m.put("nodes", ns);
        return m;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Tracker tracker() {
        return tracker;
    }

    /** Requests the sample origin has served (edge misses and revalidations). */
    public long originRequests() {
        return origin.requests();
    }

    public URI originUri() {
        return origin.uri();
    }

    public Path endpointsFile() {
        return endpoints;
    }

    /** What a newcomer reads after starting it. */
    public String banner() {
        int dns = tracker.dnsAddress().getPort();
        String host = "demo." + config.zone();
        Node first = nodes.get(0);
        int port = first.url().getPort();
        StringBuilder sb = new StringBuilder();
        sb.append("EdgeWeave devnet is up: ").append(nodes.size()).append(" edge nodes, zone ").append(config.zone())
                .append('\n');
        sb.append("  tracker API  ").append(tracker.apiUri()).append("  (try /v1/nodes, /v1/steer?host=")
                .append(host).append(")\n");
        sb.append("  tracker DNS  127.0.0.1:").append(dns).append(" (UDP and TCP)\n");
        sb.append("  origin       ").append(origin.uri()).append("/hls/index.m3u8\n");
        for (Node n : nodes) {
            sb.append("  node ").append(n.region()).append("      ").append(n.url()).append("  admin ")
                    .append(n.admin()).append("/status\n");
        }
        sb.append("  endpoints    ").append(endpoints).append('\n');
        sb.append("Try:\n");
        sb.append("  dig @127.0.0.1 -p ").append(dns).append(' ').append(host).append(" +short\n");
        sb.append("  dig @127.0.0.1 -p ").append(dns).append(' ').append(host)
                .append(" +short +subnet=127.0.2.0/24    # a viewer in r1\n");
        sb.append("  curl -si --resolve ").append(host).append(':').append(port).append(':')
                .append(first.url().getHost()).append(" http://").append(host).append(':').append(port)
                .append("/hls/index.m3u8\n");
        sb.append("  curl -si --cacert ").append(config.data().toAbsolutePath().resolve("ca.pem"))
                .append(" --resolve ").append(host).append(':').append(first.launcher().node.tlsAddress().getPort())
                .append(':').append(first.url().getHost()).append(" https://").append(host).append(':')
                .append(first.launcher().node.tlsAddress().getPort()).append("/hls/index.m3u8   # HTTPS, h2\n");
        sb.append("  ffmpeg -headers 'Host: ").append(host).append("' -i ").append(first.url())
                .append("/hls/index.m3u8 -c copy -f null -\n");
        sb.append("Stop with Ctrl-C.");
        return sb.toString();
    }

    @Override
    public void close() {
        for (Node n : nodes) {
            try {
                n.launcher().close();
            } catch (RuntimeException e) {
                log.warn("stopping node {}: {}", n.region(), e.toString());
            }
        }
        if (tracker != null) {
            tracker.close();
        }
        if (origin != null) {
            origin.close();
        }
    }
}
