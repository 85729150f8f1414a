package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.loadtest.LoadConfig.Fault;
import dev.edgeweave.loadtest.LoadConfig.FaultKind;
import dev.edgeweave.loadtest.origin.Clip;
import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.viewer.TestClips;
import dev.edgeweave.loadtest.viewer.TestDns;
import dev.edgeweave.loadtest.viewer.TestNode;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.KeyFiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs against real loopback servers: bounds, progress, faults, the report and its JSON. */
class LoadGeneratorTest {

    static final Clip CLIP = TestClips.synthetic(4, 0.5, 10_000, 3);

    @TempDir
    Path dir;

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Test
    void a_run_ends_when_its_request_budget_is_spent_and_writes_the_report_as_json() throws Exception {
        try (TestNode node = new TestNode(new InetSocketAddress("127.0.0.61", 0), CLIP, null, 0)) {
            int port = node.address().getPort();
            LoadConfig config = LoadConfig.builder(URI.create("http://demo.cdn.test:" + port + "/s0/index.m3u8"))
                    .target(node.address()).viewers(4).duration(Duration.ofSeconds(60)).maxRequests(100)
                    .ramp(Duration.ZERO).pace(LoadConfig.Pace.MAX).receipts(false).threads(1)
                    .json(dir.resolve("report.json")).build();
            Report r = new LoadGenerator(config, NodeFaults.NONE, Clock.systemUTC(), System::nanoTime, lines::add).run();
            assertThat(r.run().endedBy()).isEqualTo("request budget");
            assertThat(r.throughput().requests()).isLessThanOrEqualTo(100).isGreaterThan(50);
            assertThat(r.playback().segmentsFailed()).isZero();
            assertThat(r.nodes()).extracting(Report.NodeLine::address).containsExactly("127.0.0.61:" + port);
            assertThat(r.notes()).contains("fixed target: viewers did not use DNS steering");
            assertThat(lines).anyMatch(l -> l.startsWith("[") && l.contains("req/s"));
            assertThat(lines.get(lines.size() - 1)).contains("load test of demo.cdn.test").contains("first byte")
                    .contains("p99.9");
            JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
            assertThat(json.path("throughput").path("requests").asLong()).isEqualTo(r.throughput().requests());
            assertThat(json.path("segment").has("p999")).isTrue();
            assertThat(json.path("bytes").path("served").asLong()).isEqualTo(node.bodyBytes.get());
        }
    }

    @Test
    void a_killed_node_costs_retries_but_no_segment_and_its_viewers_move_to_a_live_node() throws Exception {
        Ed25519KeyPair publisher = Ed25519KeyPair.generate(new SecureRandom());
        KeyFiles.write(dir.resolve("publisher.key"), publisher);
        try (TestNode a = new TestNode(new InetSocketAddress("127.0.0.71", 0), CLIP,
                     Ed25519KeyPair.generate(new SecureRandom()), 3);
             TestNode b = new TestNode(new InetSocketAddress("127.0.0.72", a.address().getPort()), CLIP,
                     Ed25519KeyPair.generate(new SecureRandom()), 3);
             TestDns dns = new TestDns(List.of(InetAddress.getByName("127.0.0.71"),
                     InetAddress.getByName("127.0.0.72")))) {
            int port = a.address().getPort();
            List<LoadConfig.NodeRef> nodes = List.of(new LoadConfig.NodeRef(a.id(), URI.create("http://127.0.0.71:" + port)),
                    new LoadConfig.NodeRef(b.id(), URI.create("http://127.0.0.72:" + port)));
            LoadConfig config = LoadConfig.builder(URI.create("http://demo.cdn.test:" + port + "/s0/index.m3u8"))
                    .dns(dns.address()).viewers(6).duration(Duration.ofSeconds(4)).ramp(Duration.ZERO)
                    .buffer(Duration.ofSeconds(1)).publisherKey(dir.resolve("publisher.key")).nodes(nodes).regions(2)
                    .fault(new Fault(Duration.ofMillis(1500), FaultKind.KILL_NODE, 0, Duration.ZERO)).build();
            NodeFaults faults = new NodeFaults() {
                @Override
                public void kill(int node) {
                    a.close();
                    dns.answer(List.of(b.address().getAddress())); // the tracker notices and steers away
                }

                @Override
                public void drain(int node) {
                    throw new UnsupportedOperationException();
                }
            };
            Report r = new LoadGenerator(config, faults, Clock.systemUTC(), System::nanoTime, lines::add).run();
            assertThat(r.playback().segmentsFailed()).isZero();
            assertThat(r.viewers().endedOnLiveNode()).isEqualTo(6);
            Report.FaultLine f = r.faults().get(0);
            assertThat(f.error()).isNull();
            assertThat(f.viewersOnNode()).isEqualTo(6);
            assertThat(f.viewersMoved()).isEqualTo(6);
            assertThat(r.nodes()).filteredOn(n -> n.address().equals("127.0.0.71:" + port))
                    .singleElement().satisfies(n -> assertThat(n.fault()).startsWith("killed at 1.5"));
            assertThat(r.bytes().receipted()).as("receipts of the killed node were taken before it died")
                    .isEqualTo(a.receipted.values().stream().mapToLong(Long::longValue).sum()
                            + b.receipted.values().stream().mapToLong(Long::longValue).sum());
        }
    }
}
