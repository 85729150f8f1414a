package dev.edgeweave.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrackerConfigTest {

    static final InetSocketAddress API = new InetSocketAddress("127.0.0.1", 0);
    static final InetSocketAddress DNS = new InetSocketAddress("127.0.0.1", 0);
    static final Path DATA = Path.of("/tmp/x");

    @Test
    void defaults_match_the_design() {
        TrackerConfig c = TrackerConfig.of(API, DNS, "CDN.Test.", DATA);
        assertThat(c.zone()).isEqualTo("cdn.test");
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.ttl()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.epochLength()).isEqualTo(Duration.ofHours(1));
        assertThat(c.coverageFile()).isNull();
        assertThat(c.effectiveJdbcUrl()).isEqualTo("jdbc:sqlite:/tmp/x/tracker.db");
        assertThat(c.withJdbcUrl("jdbc:postgresql://db/edge").effectiveJdbcUrl()).isEqualTo("jdbc:postgresql://db/edge");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad(c -> c.withHeartbeat(Duration.ofSeconds(2), Duration.ZERO), "heartbeatTimeout: 0 ms (expected: > 0)"),
                bad(c -> c.withHeartbeat(Duration.ofSeconds(10), Duration.ofSeconds(10)),
                        "heartbeatInterval: 10000 ms (expected: < heartbeatTimeout 10000 ms)"),
                bad(c -> c.withHeartbeat(Duration.ofMillis(1500), Duration.ofSeconds(10)),
                        "heartbeatInterval: 1500 ms (expected: whole seconds)"),
                bad(c -> c.withProbe(Duration.ofSeconds(-1), Duration.ofSeconds(1)),
                        "probeInterval: -1000 ms (expected: > 0)"),
                bad(c -> c.withProbe(Duration.ofSeconds(1), Duration.ZERO), "probeTimeout: 0 ms (expected: > 0)"),
                bad(c -> c.withTtl(Duration.ofMillis(1500)), "ttl: 1500 ms (expected: whole seconds, 1-86400 s)"),
                bad(c -> c.withTtl(Duration.ofDays(2)), "ttl: 172800000 ms (expected: whole seconds, 1-86400 s)"),
                bad(c -> c.withEpochLength(Duration.ofMillis(10)), "epochLength: 10 ms (expected: >= 1000 ms)"),
                bad(c -> c.withJdbcUrl("jdbc:mysql://db/x?password=pw"),
                        "jdbcUrl: 'jdbc:mysql://db/x?password=***' (expected: jdbc:postgresql://HOST/DB or jdbc:sqlite:FILE)"),
                bad(c -> TrackerConfig.of(API, DNS, "bad_zone", DATA), "zone: 'bad_zone' (expected: a DNS name"),
                bad(c -> TrackerConfig.of(API, DNS, "", DATA), "zone: '' (expected: a DNS name"),
                bad(c -> TrackerConfig.of(InetSocketAddress.createUnresolved("nowhere.invalid", 80), DNS, "cdn.test",
                        DATA), "apiBind: nowhere.invalid:80 (expected: an IP address and port"));
    }

    private static Arguments bad(UnaryOperator<TrackerConfig> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void refuses_bad_values_naming_field_value_and_expectation(UnaryOperator<TrackerConfig> change, String message) {
        TrackerConfig base = TrackerConfig.of(API, DNS, "cdn.test", DATA);
        assertThatThrownBy(() -> change.apply(base)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
