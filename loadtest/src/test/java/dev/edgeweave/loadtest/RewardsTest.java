package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.loadtest.report.Report;
import dev.edgeweave.loadtest.viewer.ViewerResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardsTest {

    final ObjectMapper json = new ObjectMapper();

    private ViewerResult viewer(Map<ViewerResult.Account, Long> receipted) {
        return new ViewerResult(0, "127.0.1.1", null, 0, 0, 0, 0, List.of(), List.of(), receipted, receipted);
    }

    @Test
    void sums_receipts_per_epoch_and_node_over_viewers() {
        var a = new ViewerResult.Account("aa", 5);
        var b = new ViewerResult.Account("bb", 5);
        var c = new ViewerResult.Account("aa", 6);
        assertThat(Rewards.receipted(List.of(viewer(Map.of(a, 100L, b, 0L)), viewer(Map.of(a, 50L, c, 7L)))))
                .isEqualTo(Map.of(5L, Map.of("aa", 150L), 6L, Map.of("aa", 7L)));
    }

    @Test
    void compares_receipted_bytes_with_what_the_tracker_credited() throws Exception {
        JsonNode e5 = json.readTree("""
                {"epoch":5,"status":"settled","nodes":[
                  {"node":"aa","claimedBytes":150,"verifiedBytes":150,"status":"accepted"},
                  {"node":"cc","claimedBytes":10,"verifiedBytes":null,"status":"voided"}]}""");
        JsonNode e6 = json.readTree("{\"epoch\":6,\"status\":\"auditing\",\"nodes\":[]}");
        Rewards r = Rewards.compare(Map.of(5L, Map.of("aa", 150L, "bb", 20L), 6L, Map.of("aa", 7L)),
                Map.of(5L, e5, 6L, e6));
        assertThat(r.lines()).containsExactly(
                new Report.RewardLine(5, "aa", 150, 150L, 150L, "accepted", "settled"),
                new Report.RewardLine(5, "bb", 20, null, null, "no claim", "settled"),
                new Report.RewardLine(5, "cc", 0, 10L, null, "voided", "settled"),
                new Report.RewardLine(6, "aa", 7, null, null, "no claim", "auditing"));
        assertThat(r.rewarded()).isEqualTo(150L);
        assertThat(r.notes()).containsExactly("epoch 6 was 'auditing' when the report was made: its rewards are not"
                + " final (wait longer with --await-rewards)");
    }

    @Test
    void nothing_credited_yet_is_unknown_not_zero() {
        assertThat(Rewards.compare(Map.of(1L, Map.of("aa", 5L)), Map.of()).rewarded()).isNull();
    }
}
