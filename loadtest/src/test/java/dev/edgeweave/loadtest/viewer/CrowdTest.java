package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeweave.loadtest.LoadConfig;
import dev.edgeweave.loadtest.origin.Clip;
import dev.edgeweave.loadtest.report.Stats;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.publisher.TokenIssuer;
import dev.edgeweave.proof.wire.TokenId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Crowds of real viewers against real loopback servers ({@link TestNode}, {@link TestDns}). */
class CrowdTest {

    static final Clip CLIP = TestClips.synthetic(5, 0.5, 20_000, 7);
    static final List<String> STREAM = List.of("/s0/index.m3u8");

    final Stats stats = new Stats();
    final SecureRandom random = new SecureRandom();

    private LoadConfig.Builder config(TestDns dns, int port) {
        return LoadConfig.builder(URI.create("http://demo.cdn.test:" + port + "/s0/index.m3u8"))
                .dns(dns.address()).viewers(6).regions(3).pace(LoadConfig.Pace.MAX).ramp(Duration.ZERO)
                .threads(2).receipts(false).timeout(Duration.ofSeconds(5));
    }

    private List<ViewerResult> watch(LoadConfig cfg, TokenSource tokens, long segments) throws Exception {
        try (Crowd crowd = new Crowd(cfg, STREAM, tokens, stats, System::nanoTime, System::currentTimeMillis)) {
            crowd.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> stats.segmentsOk.sum() + stats.segmentsFailed.sum()
                    >= segments);
            List<ViewerResult> results = crowd.finish(Duration.ofSeconds(10));
            assertThat(results).hasSize(cfg.viewers());
            return results;
        }
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void each_viewer_resolves_and_fetches_from_its_own_source_address_and_verifies_every_segment() throws Exception {
        try (TestNode node = new TestNode(new InetSocketAddress("127.0.0.21", 0), CLIP, null, 0);
             TestDns dns = new TestDns(List.of(ip("127.0.0.21")))) {
            watch(config(dns, node.address().getPort()).build(), null, 60);
            List<InetAddress> expected = new ArrayList<>();
            for (int v = 0; v < 6; v++) {
                expected.add(Crowd.sourceAddress(v, 3));
            }
            assertThat(expected).extracting(InetAddress::getHostAddress)
                    .containsExactly("127.0.1.1", "127.0.2.1", "127.0.3.1", "127.0.1.2", "127.0.2.2", "127.0.3.2");
            assertThat(dns.sources).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(node.clients).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(stats.segmentsFailed.sum()).isZero();
            assertThat(stats.errors.sum()).isZero();
            assertThat(stats.verifiedBytes.sum()).isEqualTo(stats.bytes.sum()).isPositive();
            Stats.NodeCounters c = stats.nodes().get("127.0.0.21:" + node.address().getPort());
            assertThat(c.hits.sum()).as("Cache-Status hits").isPositive();
            assertThat(c.misses.sum()).as("first fetch of each object").isEqualTo(6);
        }
    }

    @Test
    void a_failed_segment_is_fetched_again_from_the_next_node_of_the_dns_answer() throws Exception {
        try (TestNode live = new TestNode(new InetSocketAddress("127.0.0.31", 0), CLIP, null, 0);
             TestDns dns = new TestDns(List.of(ip("127.0.0.32"), ip("127.0.0.31")))) {
            // nothing listens on 127.0.0.32 at that port: connection refused, as from a killed node
            List<ViewerResult> results = watch(config(dns, live.address().getPort()).build(), null, 60);
            assertThat(stats.segmentsFailed.sum()).isZero();
            assertThat(stats.errorKinds()).containsKey("connect");
            assertThat(stats.playlistsFailed.sum()).isZero();
            assertThat(results).allSatisfy(r -> assertThat(r.lastNode()).isEqualTo("127.0.0.31:"
                    + live.address().getPort()));
        }
    }

    @Test
    void a_body_that_fails_its_digest_is_never_counted_and_is_fetched_again_elsewhere() throws Exception {
        try (TestNode bad = new TestNode(new InetSocketAddress("127.0.0.41", 0), CLIP, null, 0);
             TestNode good = new TestNode(new InetSocketAddress("127.0.0.42", bad.address().getPort()), CLIP, null, 0);
             TestDns dns = new TestDns(List.of(ip("127.0.0.41"), ip("127.0.0.42")))) {
            bad.corrupt(true);
            watch(config(dns, bad.address().getPort()).build(), null, 40);
            assertThat(stats.digestMismatches.sum()).isPositive();
            assertThat(stats.segmentsFailed.sum()).isZero();
            assertThat(stats.verifiedBytes.sum()).isEqualTo(stats.bytes.sum());
            Map<String, Stats.NodeCounters> nodes = stats.nodes();
            assertThat(nodes.get("127.0.0.41:" + bad.address().getPort()).bytes.sum()).as("bad bytes never count")
                    .isZero();
            assertThat(nodes.get("127.0.0.42:" + bad.address().getPort()).bytes.sum()).isEqualTo(stats.bytes.sum());
        }
    }

    @Test
    void receipts_signed_after_each_segment_add_up_to_the_verified_bytes_per_token() throws Exception {
        Ed25519KeyPair nodeKey = Ed25519KeyPair.generate(random);
        TokenIssuer issuer = new TokenIssuer(Ed25519KeyPair.generate(random), Clock.systemUTC(), random);
        try (TestNode node = new TestNode(new InetSocketAddress("127.0.0.51", 0), CLIP, nodeKey, 42);
             TestDns dns = new TestDns(List.of(ip("127.0.0.51")))) {
            List<TokenId> tokens = new ArrayList<>();
            TokenSource source = viewer -> {
                var t = issuer.issue(viewer, Duration.ofHours(1), 1L << 30);
                synchronized (tokens) {
                    tokens.add(t.tokenId());
                }
                return t;
            };
            List<ViewerResult> results = watch(config(dns, node.address().getPort()).receipts(true)
                    .publisherKey(java.nio.file.Path.of("unused")).build(), source, 40);
            assertThat(node.badReceipts.get()).isZero();
            assertThat(node.receiptBatches.get()).isPositive();
            // a batch in flight when the crowd stops is sent again by the final flush: the node may see one more
            assertThat(stats.receiptBatchesOk.sum()).isPositive().isLessThanOrEqualTo(node.receiptBatches.get());
            long counted = 0;
            long receipted = 0;
            for (ViewerResult r : results) {
                counted += r.counted().values().stream().mapToLong(Long::longValue).sum();
                receipted += r.receipted().values().stream().mapToLong(Long::longValue).sum();
                assertThat(r.counted().keySet()).allSatisfy(a -> {
                    assertThat(a.node()).isEqualTo(nodeKey.publicKey().hex());
                    assertThat(a.epoch()).isEqualTo(42);
                });
            }
            assertThat(counted).isEqualTo(stats.verifiedBytes.sum());
            assertThat(receipted).as("the final flush posts what is owed").isEqualTo(counted);
            assertThat(node.receipted.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(receipted);
            assertThat(node.receipted.keySet()).containsExactlyInAnyOrderElementsOf(tokens);
        }
    }
}
