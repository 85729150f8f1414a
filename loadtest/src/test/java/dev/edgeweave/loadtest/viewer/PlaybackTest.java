package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybackTest {

    private static final long S = 1_000_000_000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case | arrival times of 2-s segments (s, relative to the request at 0) | rebuffers | stalled s
        "all on time                          | 1, 2, 3, 4         | 0 | 0",
        "exactly at the deadline is on time   | 1, 3, 5, 7         | 0 | 0",
        "one late segment                     | 1, 3, 6, 7         | 1 | 1",
        "a stall moves every later deadline   | 1, 4, 6, 8         | 1 | 1",
        "two separate stalls                  | 1, 4, 6.5, 8.5     | 2 | 1.5",
        "first segment slow is startup        | 5, 6, 8, 10        | 0 | 0",
    })
    void a_segment_after_its_deadline_is_one_rebuffer_and_shifts_the_playhead(String name, String arrivals,
                                                                              int rebuffers, double stalled) {
        Playback p = new Playback(4 * S);
        for (String a : arrivals.split(",")) {
            p.arrived(Math.round(Double.parseDouble(a.strip()) * S), 2 * S, 0);
        }
        assertThat(p.rebuffers()).isEqualTo(rebuffers);
        assertThat(p.stalledNanos()).isEqualTo(Math.round(stalled * S));
    }

    @Test
    void startup_is_the_time_from_asking_for_the_stream_to_the_first_segment() {
        Playback p = new Playback(0);
        assertThat(p.started()).isFalse();
        assertThat(p.arrived(3 * S, 2 * S, S)).isFalse();
        assertThat(p.startupNanos()).isEqualTo(2 * S);
        assertThat(p.nextDeadline()).isEqualTo(5 * S);
    }

    @Test
    void the_next_segment_is_asked_for_a_buffer_ahead_of_its_deadline_never_in_the_past() {
        Playback p = new Playback(3 * S);
        assertThat(p.nextFetchAt(7)).as("before playback starts: at once").isEqualTo(7);
        p.arrived(10 * S, 2 * S, 9 * S);            // plays from 10 s, next deadline 12 s
        assertThat(p.nextFetchAt(10 * S)).isEqualTo(10 * S);
        p.arrived(11 * S, 2 * S, 0);                // next deadline 14 s
        p.arrived(11 * S, 2 * S, 0);                // next deadline 16 s
        assertThat(p.nextFetchAt(11 * S)).isEqualTo(13 * S);
        assertThat(p.endOfMedia()).isEqualTo(16 * S);
    }

    @Test
    void a_skipped_segment_moves_the_deadline_without_a_rebuffer() {
        Playback p = new Playback(0);
        p.skip(2 * S);
        assertThat(p.started()).isFalse();
        p.arrived(0, 2 * S, 0);
        p.skip(2 * S);
        assertThat(p.nextDeadline()).isEqualTo(4 * S);
        assertThat(p.rebuffers()).isZero();
    }

    @Test
    void refuses_a_negative_buffer() {
        assertThatThrownBy(() -> new Playback(-1)).hasMessage("buffer: -1 ns (expected: >= 0)");
    }
}
