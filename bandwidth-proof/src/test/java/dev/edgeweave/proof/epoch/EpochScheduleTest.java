package dev.edgeweave.proof.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EpochScheduleTest {

    private final EpochSchedule s = new EpochSchedule(1_000, 100, 10, 50);

    @ParameterizedTest(name = "t={0} -> epoch {1}")
    @CsvSource({"1000,0", "1099,0", "1100,1", "1250,2", "999,-1", "0,-10"})
    void finds_the_epoch_of_a_time(long t, long epoch) {
        assertThat(s.epochAt(t)).isEqualTo(epoch);
        if (epoch >= 0) {
            assertThat(s.startOf(epoch)).isLessThanOrEqualTo(t);
            assertThat(s.endOf(epoch)).isGreaterThan(t);
        }
    }

    @ParameterizedTest(name = "epoch {0} at {1}: receipts {2}, claims {3}")
    @CsvSource({
        "1, 1099, false, NOT_ENDED",
        "1, 1100, true,  NOT_ENDED",
        "1, 1209, true,  NOT_ENDED",
        "1, 1210, false, OPEN",
        "1, 1259, false, OPEN",
        "1, 1260, false, CLOSED",
    })
    void opens_and_closes_receipts_and_claims(long epoch, long now, boolean receipts, EpochSchedule.ClaimWindow claims) {
        assertThat(s.acceptsReceipts(epoch, now)).isEqualTo(receipts);
        assertThat(s.claimWindow(epoch, now)).isEqualTo(claims);
    }

    @ParameterizedTest(name = "ts {0} fits epoch 1: {1}")
    @CsvSource({"1089,false", "1090,true", "1150,true", "1209,true", "1210,false"})
    void timestamps_fit_their_epoch_with_grace_for_skew(long ts, boolean fits) {
        assertThat(s.timestampFits(1, ts)).isEqualTo(fits);
    }

    @Test
    void refuses_bad_config_by_name() {
        assertThatThrownBy(() -> new EpochSchedule(0, 0, 0, 1)).hasMessage("epochMillis: 0 (expected: > 0)");
        assertThatThrownBy(() -> new EpochSchedule(0, 10, 10, 1)).hasMessage("receiptGraceMillis: 10 (expected: 0..9)");
        assertThatThrownBy(() -> new EpochSchedule(-1, 10, 0, 1)).hasMessage("genesisMillis: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new EpochSchedule(0, 10, 0, 0)).hasMessage("claimWindowMillis: 0 (expected: > 0)");
        assertThat(EpochSchedule.of(0, 3_600_000).receiptGraceMillis()).isEqualTo(60_000);
    }
}
