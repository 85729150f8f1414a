package dev.edgeweave.tracker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state rule as a table: (facts, now) → state and reason. Timeout 10 s, 2 probe failures. */
class NodeHealthTest {

    static final HealthPolicy POLICY = HealthPolicy.of(Duration.ofSeconds(10), Duration.ofSeconds(2));
    static final long NOW = 100_000;

    @ParameterizedTest(name = "[{index}] {5}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        // draining | last hb | probe failures | ever ok | detail             | state     | reason
        "false | 99000 | 0 | true  | null               | HEALTHY   | null",
        "false | 90000 | 0 | true  | null               | HEALTHY   | null",
        "false | 88000 | 0 | true  | null               | UNHEALTHY | missed heartbeats for 12 s (timeout 10 s)",
        "false | 0     | 0 | true  | null               | UNKNOWN   | no heartbeat since the tracker started",
        "false | 99000 | 0 | false | null               | UNKNOWN   | waiting for the first health probe",
        "false | 99000 | 1 | false | connection refused | UNKNOWN   | waiting for a passing health probe (last: connection refused)",
        "false | 99000 | 2 | false | connection refused | UNHEALTHY | health probe failed: connection refused (2 probes in a row)",
        "false | 99000 | 1 | true  | HTTP 503: full     | HEALTHY   | null",
        "false | 99000 | 3 | true  | HTTP 503: full     | UNHEALTHY | health probe failed: HTTP 503: full (3 probes in a row)",
        "false | 88000 | 3 | true  | HTTP 503: full     | UNHEALTHY | missed heartbeats for 12 s (timeout 10 s)",
        "true  | 99000 | 0 | true  | null               | DRAINING  | draining",
        "true  | 88000 | 0 | true  | null               | DRAINING  | draining; missed heartbeats for 12 s (timeout 10 s)",
        "true  | 0     | 0 | true  | null               | DRAINING  | draining; no heartbeat since the tracker started",
    })
    void evaluates_state_and_reason(boolean draining, long lastHeartbeat, int failures, boolean everOk, String detail,
                                    NodeState state, String reason) {
        NodeHealth.Verdict v = NodeHealth.evaluate(new NodeHealth.Facts(draining, lastHeartbeat, failures, everOk,
                detail), NOW, POLICY);
        assertThat(v.state()).isEqualTo(state);
        assertThat(v.reason()).isEqualTo(reason);
    }

    @ParameterizedTest
    @CsvSource({"12000, 12 s", "1500, 1.5 s", "2000, 2 s", "10500, 10 s", "300, 0.3 s"})
    void formats_durations_for_operators(long millis, String text) {
        assertThat(NodeHealth.seconds(millis)).isEqualTo(text);
    }
}
