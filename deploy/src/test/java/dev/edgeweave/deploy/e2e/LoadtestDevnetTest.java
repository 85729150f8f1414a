package dev.edgeweave.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.deploy.Main;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI load test, run the way an operator runs it: {@code edgeweave loadtest} against an
 * in-process devnet of 3 nodes, 50 viewers for 30 s at real-time pace, node 1 killed halfway, then
 * the epochs' rewards awaited. One run; each test checks one promise against its JSON report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoadtestDevnetTest {

    static final int VIEWERS = 50;

    @TempDir
    static Path dir;

    JsonNode report;
    String output;

    @BeforeAll
    void run_the_load_test() throws Exception {
        Path json = dir.resolve("report.json");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                captured.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                console.write(b, off, len);
                captured.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("loadtest", "--devnet-nodes", "3", "--devnet-data", dir.resolve("devnet").toString(),
                    "--epoch", "6", "--viewers", Integer.toString(VIEWERS), "--duration", "30s", "--ramp", "5s",
                    "--kill-node-at", "15s", "--kill-node", "1", "--await-rewards", "40s", "--json", json.toString());
        } finally {
            System.setOut(console);
        }
        output = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; output:\n" + output).isZero();
        report = new ObjectMapper().readTree(json.toFile());
    }

    @Test
    void the_cli_prints_a_progress_line_every_second_and_a_final_report() {
        long progress = Pattern.compile("(?m)^\\[\\s*\\d+\\.\\ds\\] viewers\\s+\\d+\\s+req/s").matcher(output)
                .results().count();
        assertThat(progress).isGreaterThanOrEqualTo(25);
        assertThat(output).contains("load test of demo.cdn.test: 50 viewers").contains("first byte").contains("p99.9")
                .contains("hit ratio");
        assertThat(report.path("run").path("endedBy").asText()).isEqualTo("time");
    }

    @Test
    void no_segment_fails_after_retry_when_a_node_is_killed_halfway() {
        JsonNode p = report.path("playback");
        assertThat(p.path("segmentsFailed").asLong()).isZero();
        assertThat(p.path("playlistsFailed").asLong()).isZero();
        // 50 viewers × about 25 s of 2-s segments, ramped in over 5 s
        assertThat(p.path("segmentsOk").asLong()).isGreaterThan(VIEWERS * 10L);
        assertThat(report.path("errors").path("connect").asLong()).as("viewers did meet the dead node").isPositive();
        assertThat(p.path("segmentsRetried").asLong()).isPositive();
    }

    @Test
    void every_viewer_ends_on_a_live_node_and_those_on_the_killed_node_move() {
        JsonNode v = report.path("viewers");
        assertThat(v.path("endedOnLiveNode").asInt()).isEqualTo(VIEWERS);
        assertThat(v.path("stalledAtEnd").asInt()).isZero();
        JsonNode kill = report.path("faults").get(0);
        assertThat(kill.path("kind").asText()).isEqualTo("kill node");
        assertThat(kill.path("error").isNull()).as("fault injected").isTrue();
        assertThat(kill.path("viewersOnNode").asInt()).as("region r1's viewers were on node 1").isPositive();
        assertThat(kill.path("viewersMoved").asInt()).isEqualTo(kill.path("viewersOnNode").asInt());
        assertThat(kill.path("viewersSteeredAway").asInt()).as("DNS answers without the dead node").isPositive();
        JsonNode killed = null;
        for (JsonNode n : report.path("nodes")) {
            if (n.path("fault").asText("").startsWith("killed")) {
                killed = n;
            }
        }
        assertThat(killed).isNotNull();
        assertThat(killed.path("address").asText()).startsWith("127.0.0.12:");
    }

    @Test
    void every_node_serves_the_stream_mostly_from_cache() {
        for (JsonNode n : report.path("nodes")) {
            assertThat(n.path("segments").asLong()).as(n.path("address").asText()).isPositive();
            assertThat(n.path("hitRatio").asDouble()).as(n.path("address").asText()).isGreaterThan(0.5);
        }
    }

    @Test
    void receipts_are_taken_and_rewards_match_the_verified_bytes() {
        JsonNode b = report.path("bytes");
        Assumptions.assumeTrue(b.path("unreceiptable").asLong() < b.path("verified").asLong(),
                "the devnet's edge nodes sent no EdgeWeave-Node/EdgeWeave-Epoch headers: receipt intake is not wired"
                        + " into the devnet yet, so there is nothing to receipt or reward (report notes: "
                        + report.path("notes") + ")");
        assertThat(b.path("receiptBatchesRefused").asLong()).as("refusals: " + b.path("receiptRefusals")).isZero();
        assertThat(b.path("unreceiptable").asLong()).isZero();
        assertThat(b.path("receipted").asLong()).isPositive().isLessThanOrEqualTo(b.path("verified").asLong());
        String killedId = null;
        for (JsonNode n : report.path("nodes")) {
            if (n.path("fault").asText("").startsWith("killed")) {
                killedId = n.path("id").asText();
            }
        }
        long rewardedLive = 0;
        for (JsonNode line : report.path("rewards")) {
            assertThat(line.path("epochStatus").asText()).as("epoch %s settled", line.path("epoch")).isEqualTo("settled");
            if (line.path("node").asText().equals(killedId)) {
                // A killed node may have stored receipts whose acknowledgement the kill cut off, so it can be
                // paid for more than the viewers saw acknowledged — never for more than they verified.
                assertThat(line.path("verified").asLong(0)).isLessThanOrEqualTo(b.path("verified").asLong());
            } else {
                assertThat(line.path("verified").asLong(-1)).as("epoch %s node %s", line.path("epoch"),
                        line.path("node")).isEqualTo(line.path("receipted").asLong());
                rewardedLive += line.path("verified").asLong();
            }
        }
        assertThat(rewardedLive).isPositive();
        assertThat(b.path("rewarded").asLong()).isGreaterThanOrEqualTo(rewardedLive);
    }
}
