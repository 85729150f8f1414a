package dev.edgeweave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.loadtest.DevnetEndpoints;
import dev.edgeweave.loadtest.Durations;
import dev.edgeweave.loadtest.ExternalNodeFaults;
import dev.edgeweave.loadtest.LoadConfig;
import dev.edgeweave.loadtest.LoadConfig.Fault;
import dev.edgeweave.loadtest.LoadConfig.FaultKind;
import dev.edgeweave.loadtest.LoadGenerator;
import dev.edgeweave.loadtest.NodeFaults;
import dev.edgeweave.loadtest.tracker.TrackerApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeweave loadtest}: a crowd of viewers against a devnet — one started in this process
 * ({@code --devnet-nodes N}, where faults close or drain nodes directly), a running one
 * ({@code --devnet DIR}), or any network ({@code --url} with {@code --dns} or {@code --target}).
 * The generator is {@link LoadGenerator}; this class only turns flags into a {@link LoadConfig}.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Viewers that resolve through the tracker, play HLS at real-time pace, verify and receipt;"
                + " prints progress every second and a final report.")
final class LoadtestCommand implements Callable<Integer> {

    @Option(names = "--devnet", paramLabel = "DIR", description = "a running devnet's data directory (endpoints.json,"
            + " keys): sets --dns, --api, --url, --publisher-key and the node list")
    Path devnet;

    @Option(names = "--devnet-nodes", paramLabel = "N", defaultValue = "0", description = "start a devnet of N nodes"
            + " in this process (faults act on it directly)")
    int devnetNodes;

    @Option(names = "--devnet-data", paramLabel = "DIR", description = "state of the in-process devnet (default: a"
            + " temporary directory, deleted afterwards)")
    Path devnetData;

    @Option(names = "--epoch", paramLabel = "SECONDS", defaultValue = "10", description = "in-process devnet: reward"
            + " epoch (default ${DEFAULT-VALUE})")
    long epoch;

    @Option(names = "--url", paramLabel = "URL", description = "the stream: http://HOST[:PORT]/path/index.m3u8")
    URI url;

    @Option(names = "--dns", paramLabel = "HOST:PORT", description = "resolve HOST through this DNS server (the"
            + " tracker's)")
    String dns;

    @Option(names = "--target", paramLabel = "URL|HOST:PORT", description = "connect here instead of resolving (one"
            + " node, no steering); Host stays the --url host")
    String target;

    @Option(names = "--api", paramLabel = "URL", description = "tracker API (own origin, drains, rewards)")
    URI api;

    @Option(names = "--viewers", defaultValue = "50", description = "viewers (default ${DEFAULT-VALUE})")
    int viewers;

    @Option(names = "--duration", defaultValue = "30s", description = "how long they watch (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--max-requests", defaultValue = "10000000", description = "request budget (default"
            + " ${DEFAULT-VALUE})")
    long maxRequests;

    @Option(names = "--ramp", defaultValue = "5s", description = "viewers join over this time (default ${DEFAULT-VALUE})")
    String ramp;

    @Option(names = "--pace", defaultValue = "realtime", description = "realtime or max (default ${DEFAULT-VALUE})")
    LoadConfig.Pace pace;

    @Option(names = "--buffer", defaultValue = "4s", description = "real-time viewers fetch this far ahead (default"
            + " ${DEFAULT-VALUE})")
    String buffer;

    @Option(names = "--streams", defaultValue = "1", description = "own origin: streams (Zipf popularity)")
    int streams;

    @Option(names = "--zipf", defaultValue = "1.0", description = "Zipf exponent (default ${DEFAULT-VALUE})")
    double zipf;

    @Option(names = "--seed", defaultValue = "1", description = "seed of stream choice (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--regions", description = "viewers from 127.0.(r+1).x for r < this (default: one per node)")
    Integer regions;

    @Option(names = "--timeout", defaultValue = "10s", description = "per request (default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--attempts", defaultValue = "3", description = "tries per segment, each on the next node"
            + " (default ${DEFAULT-VALUE})")
    int attempts;

    @Option(names = "--threads", description = "viewer event loops (default: min(4, cores))")
    Integer threads;

    @Option(names = "--receipts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "sign and post receipts (default: yes; --no-receipts to skip)")
    boolean receipts;

    @Option(names = "--publisher-key", paramLabel = "FILE", description = "publisher key to issue viewer tokens"
            + " (default with --devnet: DIR/demo-publisher.key)")
    Path publisherKey;

    @Option(names = "--own-origin", description = "serve --clip from this process as publisher --publisher-name")
    boolean ownOrigin;

    @Option(names = "--clip", paramLabel = "DIR|URL", description = "own origin's clip (default: the devnet's stream)")
    String clip;

    @Option(names = "--publisher-name", defaultValue = "loadtest", description = "own origin's publisher name"
            + " (default ${DEFAULT-VALUE})")
    String publisherName;

    @Option(names = "--own-origin-key", paramLabel = "FILE", description = "own origin's publisher key, kept for"
            + " later runs (default with a devnet: DIR/NAME-publisher.key; else a new key per run)")
    Path ownOriginKey;

    @Option(names = "--kill-node-at", paramLabel = "T", description = "kill a node T after the start")
    String killAt;

    @Option(names = "--kill-node", defaultValue = "0", paramLabel = "I", description = "which node to kill (index)")
    int killNode;

    @Option(names = "--kill-command", paramLabel = "CMD", description = "external devnet: shell command that kills"
            + " node $EW_NODE_INDEX")
    String killCommand;

    @Option(names = "--drain-node-at", paramLabel = "T", description = "drain a node T after the start")
    String drainAt;

    @Option(names = "--drain-node", defaultValue = "0", paramLabel = "I", description = "which node to drain (index)")
    int drainNode;

    @Option(names = "--origin-fail-at", paramLabel = "T", description = "own origin answers 503 from T")
    String originFailAt;

    @Option(names = "--origin-slow-at", paramLabel = "T", description = "own origin delays responses from T")
    String originSlowAt;

    @Option(names = "--origin-delay", defaultValue = "2s", description = "delay for --origin-slow-at (default"
            + " ${DEFAULT-VALUE})")
    String originDelay;

    @Option(names = "--origin-recover-at", paramLabel = "T", description = "own origin back to normal at T")
    String originRecoverAt;

    @Option(names = "--await-rewards", defaultValue = "0s", description = "wait this long for the epochs' rewards"
            + " to settle (default ${DEFAULT-VALUE})")
    String awaitRewards;

    @Option(names = "--json", paramLabel = "FILE", description = "also write the report as JSON")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (devnet != null && devnetNodes > 0) {
            throw new Main.UsageError("--devnet and --devnet-nodes: both given (expected: one devnet, running or"
                    + " in-process)");
        }
        if (devnetNodes < 0 || devnetNodes > 12) {
            throw new Main.UsageError("--devnet-nodes: " + devnetNodes + " (expected: 1 to 12, or 0 for no in-process"
                    + " devnet)");
        }
        if (devnetNodes == 0) {
            DevnetEndpoints e = null;
            if (devnet != null) {
                try {
                    e = DevnetEndpoints.read(devnet);
                } catch (IOException ex) {
                    throw new Main.UsageError(ex.getMessage());
                }
            }
            return run(e, null);
        }
        boolean temp = devnetData == null;
        Path data = temp ? Files.createTempDirectory("edgeweave-loadtest-") : devnetData;
        try (Devnet d = Devnet.start(new Devnet.Config(devnetNodes, data, "cdn.test", 0, 0, 0,
                Duration.ofSeconds(epoch)))) {
            awaitHealthy(d);
            devnet = data;
            DevnetEndpoints e = DevnetEndpoints.parse(new ObjectMapper().valueToTree(d.endpointsDocument()),
                    "in-process devnet");
            return run(e, inProcess(d));
        } finally {
            if (temp) {
                deleteTree(data);
            }
        }
    }

    /** Runs against {@code e} (null: flags only); {@code faults} null means an external network. */
    private int run(DevnetEndpoints e, NodeFaults faults) throws Exception {
        URI apiUri = api != null ? api : e == null ? null : e.api();
        LoadConfig.Builder b = LoadConfig.builder(url);
        if (e != null) {
            b.nodes(e.nodes()).regions(e.nodes().size());
            if (dns == null && target == null) {
                b.dns(e.dns());
            }
            if (url == null) {
                b.url(ownOrigin ? e.streamUrl(publisherName + "." + e.zone(), "/")
                        : e.streamUrl(e.publisherHost(), e.stream()));
            }
            Path demoKey = devnet.resolve("demo-publisher.key");
            if (publisherKey == null && !ownOrigin && Files.isRegularFile(demoKey)) {
                b.publisherKey(demoKey);
            }
            if (clip == null && ownOrigin) {
                clip = e.origin().resolve(e.stream()).toString();
            }
        }
        if (dns != null) {
            b.dns(DevnetEndpoints.hostPort(dns, "--dns"));
        }
        if (target != null) {
            URI t = URI.create(target.contains("://") ? target : "http://" + target);
            b.target(DevnetEndpoints.hostPort(t.getHost() + ":" + (t.getPort() < 0 ? 80 : t.getPort()), "--target"));
            if (url == null && e == null && t.getRawPath() != null && !t.getRawPath().isEmpty()) {
                b.url(t);
            }
        }
        if (publisherKey != null) {
            b.publisherKey(publisherKey);
        }
        if (regions != null) {
            b.regions(regions);
        }
        if (threads != null) {
            b.threads(threads);
        }
        b.api(apiUri).viewers(viewers).duration(Durations.parse("--duration", duration)).maxRequests(maxRequests)
                .ramp(Durations.parse("--ramp", ramp)).pace(pace).buffer(Durations.parse("--buffer", buffer))
                .streams(streams).zipf(zipf).seed(seed).timeout(Durations.parse("--timeout", timeout))
                .attempts(attempts).receipts(receipts).awaitRewards(Durations.parse("--await-rewards", awaitRewards))
                .json(json);
        if (ownOrigin) {
            Path key = ownOriginKey != null ? ownOriginKey
                    : devnet != null ? devnet.resolve(publisherName + "-publisher.key") : null;
            b.ownOrigin(new LoadConfig.OwnOrigin(clip, publisherName, key));
        } else if (clip != null) {
            throw new Main.UsageError("--clip: given without --own-origin (expected: both, or neither)");
        }
        fault(b, killAt, FaultKind.KILL_NODE, killNode);
        fault(b, drainAt, FaultKind.DRAIN_NODE, drainNode);
        fault(b, originFailAt, FaultKind.ORIGIN_FAIL, -1);
        fault(b, originSlowAt, FaultKind.ORIGIN_SLOW, -1);
        fault(b, originRecoverAt, FaultKind.ORIGIN_RECOVER, -1);
        if (url == null && e == null && target == null) {
            throw new Main.UsageError("--url: missing (expected: the stream URL, or --devnet DIR / --devnet-nodes N)");
        }
        if (faults == null && killAt != null && killCommand == null) {
            throw new Main.UsageError("--kill-node-at: cannot kill a node of an external devnet (expected: --kill-command"
                    + " CMD, run with EW_NODE_INDEX, EW_NODE_URL and EW_NODE_ID set; or --devnet-nodes N)");
        }
        if (faults == null && drainAt != null && (devnet == null || apiUri == null)) {
            throw new Main.UsageError("--drain-node-at: cannot drain a node without its key (expected: --devnet DIR"
                    + " holding node-I/node.key, or --devnet-nodes N)");
        }
        LoadConfig config = b.build();
        if (faults == null) {
            faults = new ExternalNodeFaults(apiUri == null ? null : new TrackerApi(apiUri, Clock.systemUTC(),
                    Duration.ofSeconds(10)), devnet, config.nodes(), killCommand);
        }
        new LoadGenerator(config, faults, Clock.systemUTC(), System::nanoTime, line -> {
            System.out.println(line);
            System.out.flush();
        }).run();
        return 0;
    }

    private void fault(LoadConfig.Builder b, String at, FaultKind kind, int node) {
        if (at != null) {
            b.fault(new Fault(Durations.parse(Fault.flag(kind), at), kind, node,
                    kind == FaultKind.ORIGIN_SLOW ? Durations.parse("--origin-delay", originDelay) : Duration.ZERO));
        }
    }

    /**
     * Faults on the in-process devnet: a kill stops the node's heartbeats and closes its server without
     * draining (connections reset, the tracker notices by missed probes and heartbeats); a drain drains it.
     * A killed node's receipt log and claim agent keep running (EdgeLauncher offers no way to stop them
     * apart from a graceful close), as if the node came back and claimed from its fsynced logs.
     */
    private static NodeFaults inProcess(Devnet d) {
        return new NodeFaults() {
            @Override
            public void kill(int node) {
                EdgeLauncher l = d.nodes().get(node).launcher();
                if (l.agent != null) {
                    l.agent.close(); // heartbeats stop, as when the process dies
                }
                l.node.close();
            }

            @Override
            public void drain(int node) {
                EdgeLauncher l = d.nodes().get(node).launcher();
                l.node.drain("edgeweave loadtest --drain-node-at");
                if (l.agent != null) {
                    l.agent.drain();
                }
            }
        };
    }

    /** The tracker reports every node healthy (bounded to 60 s). */
    private static void awaitHealthy(Devnet d) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int healthy = 0;
        while (System.nanoTime() - deadline < 0) {
            JsonNode nodes = json.readTree(http.send(HttpRequest.newBuilder(d.tracker().apiUri().resolve("/v1/nodes"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            healthy = 0;
            for (JsonNode n : nodes.path("nodes")) {
                healthy += n.path("state").asText().equals("healthy") ? 1 : 0;
            }
            if (healthy == d.nodes().size()) {
                return;
            }
            Thread.sleep(200); // polling the tracker for a state change; not a test wait
        }
        throw new IOException("in-process devnet: " + healthy + " of " + d.nodes().size() + " nodes healthy after 60 s");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("edgeweave loadtest: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
