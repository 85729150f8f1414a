package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import dev.edgeweave.loadtest.viewer.ViewerResult.AnswerChange;
import dev.edgeweave.loadtest.viewer.ViewerResult.Switch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultAnalysisTest {

    static final long S = 1_000_000_000L;
    static final String DEAD = "127.0.0.12:8080";

    private static ViewerResult viewer(int i, List<Switch> switches, List<AnswerChange> answers) {
        return new ViewerResult(i, "127.0.2." + i, null, 0, 0, 0, 0, switches, answers, Map.of(), Map.of());
    }

    @Test
    void failover_and_dns_steering_times_count_from_the_fault_for_the_viewers_on_the_node() {
        Map<Integer, ViewerResult> results = Map.of(
                0, viewer(0, List.of(new Switch(2 * S, null, DEAD), new Switch(11 * S, DEAD, "127.0.0.11:8080")),
                        List.of(new AnswerChange(S, List.of("127.0.0.12", "127.0.0.11")),
                                new AnswerChange(13 * S, List.of("127.0.0.11")))),
                1, viewer(1, List.of(new Switch(2 * S, null, DEAD), new Switch(14 * S, DEAD, "127.0.0.13:8080")),
                        List.of(new AnswerChange(S, List.of("127.0.0.12")))),
                2, viewer(2, List.of(new Switch(2 * S, null, DEAD)), List.of()),
                3, viewer(3, List.of(new Switch(12 * S, null, "127.0.0.11:8080")), List.of()));
        Report.FaultLine f = FaultAnalysis.analyse("kill node", 10 * S, 0, DEAD, List.of(0, 1, 2), results, null);
        assertThat(f.atSeconds()).isEqualTo(10.0);
        assertThat(f.viewersOnNode()).isEqualTo(3);
        assertThat(f.viewersMoved()).isEqualTo(2);
        assertThat(f.failoverP50Seconds()).isEqualTo(1.0);
        assertThat(f.failoverMaxSeconds()).isEqualTo(4.0);
        assertThat(f.viewersSteeredAway()).isEqualTo(1);
        assertThat(f.steeredAwayP50Seconds()).isEqualTo(3.0);
    }

    @Test
    void the_median_of_an_even_count_is_the_lower_middle() {
        assertThat(FaultAnalysis.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2L);
        assertThat(FaultAnalysis.median(List.of())).isZero();
    }
}
