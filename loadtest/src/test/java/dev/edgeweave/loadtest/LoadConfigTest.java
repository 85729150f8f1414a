package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.loadtest.LoadConfig.Fault;
import dev.edgeweave.loadtest.LoadConfig.FaultKind;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LoadConfigTest {

    static final URI URL = URI.create("http://demo.cdn.test:8080/hls/index.m3u8");
    static final InetSocketAddress DNS = new InetSocketAddress("127.0.0.1", 5353);
    static final List<LoadConfig.NodeRef> NODES = List.of(new LoadConfig.NodeRef(null,
            URI.create("http://127.0.0.11:8080")));

    private static LoadConfig.Builder ok() {
        return LoadConfig.builder(URL).dns(DNS).receipts(false).nodes(NODES);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.url(URI.create("https://x/y")),
                        "--url: 'https://x/y' (expected: http://HOST[:PORT]/path/index.m3u8)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.dns(null),
                        "--dns / --target: neither given"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.target(DNS), "--dns / --target: both given"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.viewers(0), "--viewers: 0 (expected: 1 to 100000)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.duration(Duration.ofMillis(10)),
                        "--duration: PT0.01S (expected: 1 s to 24 h)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.maxRequests(0),
                        "--max-requests: 0 (expected: >= 1)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.ramp(Duration.ofSeconds(30)),
                        "--ramp: PT30S (expected: >= 0 and < --duration PT30S)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.streams(3),
                        "--streams: 3 (expected: 1 without --own-origin"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.regions(255), "--regions: 255 (expected: 1 to 254)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.attempts(0), "--attempts: 0 (expected: 1 to 10)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.receipts(true),
                        "--receipts: no publisher key (expected: --publisher-key FILE"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.ownOrigin(new LoadConfig.OwnOrigin("d", "lt", null)),
                        "--own-origin: no tracker API"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.fault(new Fault(Duration.ofSeconds(40),
                        FaultKind.KILL_NODE, 0, Duration.ZERO)), "--kill-node-at: PT40S (expected: < --duration PT30S)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.fault(new Fault(Duration.ofSeconds(5),
                        FaultKind.DRAIN_NODE, 3, Duration.ZERO)), "--drain-node-at: node 3 (expected: 0..0, the network"
                        + " has 1 known nodes)"),
                Arguments.of((UnaryOperator<LoadConfig.Builder>) b -> b.fault(new Fault(Duration.ofSeconds(5),
                        FaultKind.ORIGIN_FAIL, -1, Duration.ZERO)), "--origin-fail-at: needs --own-origin"));
    }

    @ParameterizedTest
    @MethodSource("bad")
    void refuses_bad_settings_naming_the_flag(UnaryOperator<LoadConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(ok()).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refuses_malformed_faults_and_origin_names() {
        assertThatThrownBy(() -> new Fault(Duration.ofSeconds(-1), FaultKind.KILL_NODE, 0, Duration.ZERO))
                .hasMessage("--kill-node-at: PT-1S (expected: >= 0)");
        assertThatThrownBy(() -> new Fault(Duration.ofSeconds(1), FaultKind.KILL_NODE, -1, Duration.ZERO))
                .hasMessage("--kill-node-at: node -1 (expected: a node index >= 0)");
        assertThatThrownBy(() -> new Fault(Duration.ofSeconds(1), FaultKind.ORIGIN_SLOW, -1, Duration.ZERO))
                .hasMessage("--origin-delay: PT0S (expected: > 0)");
        assertThatThrownBy(() -> new LoadConfig.OwnOrigin("dir", "Load_Test", null))
                .hasMessage("--publisher-name: 'Load_Test' (expected: one DNS label of a-z 0-9 -)");
    }

    @Test
    void the_defaults_are_a_bounded_real_time_crowd_and_the_node_port_comes_from_the_url() {
        LoadConfig c = ok().build();
        assertThat(c.viewers()).isEqualTo(50);
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxRequests()).isPositive();
        assertThat(c.pace()).isEqualTo(LoadConfig.Pace.REALTIME);
        assertThat(c.host()).isEqualTo("demo.cdn.test");
        assertThat(c.port()).isEqualTo(8080);
        assertThat(NODES.get(0).address()).isEqualTo("127.0.0.11:8080");
    }
}
