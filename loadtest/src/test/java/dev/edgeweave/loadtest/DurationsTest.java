package dev.edgeweave.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "30, 30000", "1.5s, 1500", "2m, 120000", "1h, 3600000", "0s, 0"})
    void parses_milliseconds_seconds_minutes_and_hours(String text, long millis) {
        assertThat(Durations.parse("--duration", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-5s", "5 d", "1e3s", "5sec"})
    void refuses_anything_else_naming_the_flag(String text) {
        assertThatThrownBy(() -> Durations.parse("--ramp", text))
                .hasMessage("--ramp: '" + text + "' (expected: a duration like 500ms, 30s, 2m, 1h)");
    }
}
