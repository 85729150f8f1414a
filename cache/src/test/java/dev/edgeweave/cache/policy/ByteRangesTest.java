package dev.edgeweave.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.cache.policy.ByteRanges.Ignore;
import dev.edgeweave.cache.policy.ByteRanges.Result;
import dev.edgeweave.cache.policy.ByteRanges.Satisfiable;
import dev.edgeweave.cache.policy.ByteRanges.Spec;
import dev.edgeweave.cache.policy.ByteRanges.Unsatisfiable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangesTest {

    @ParameterizedTest(name = "[{index}] {0} on {1} bytes -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # Range                          | length | result: '206 first-last', '416', or 'ignore <reason>'
            bytes=0-0                        | 10     | 206 0-0
            bytes=-1                         | 10     | 206 9-9
            bytes=5-                         | 5      | 416
            bytes=4-                         | 5      | 206 4-4
            bytes=0-99999                    | 100    | 206 0-99
            bytes=10-19                      | 100    | 206 10-19
            bytes=-200                       | 100    | 206 0-99
            bytes=-0                         | 100    | 416
            bytes=100-200                    | 100    | 416
            bytes=a-b                        | 100    | ignore syntax
            bytes=5-4                        | 100    | ignore syntax
            bytes=0-1,5-6                    | 100    | ignore multiple ranges
            bytes=0-1, -5                    | 100    | ignore multiple ranges
            BYTES=0-1                        | 10     | 206 0-1
            'bytes=0-1, '                    | 10     | 206 0-1
            bytes= 0-1                       | 10     | 206 0-1
            bytes=0 -1                       | 10     | ignore syntax
            bytes=0--1                       | 10     | ignore syntax
            bytes=1                          | 10     | ignore syntax
            bytes=                           | 10     | ignore syntax
            bytes=-                          | 10     | ignore syntax
            0-1                              | 10     | ignore syntax
            items=0-1                        | 10     | ignore unit
            bytes=99999999999999999999-      | 10     | 416
            bytes=0-99999999999999999999     | 10     | 206 0-9
            bytes=-99999999999999999999      | 10     | 206 0-9
            bytes=0-                         | 0      | 416
            bytes=-5                         | 0      | ignore empty representation
            """)
    void parses_single_byte_ranges(String header, long length, String expected) {
        assertThat(describe(ByteRanges.parse(header, length))).isEqualTo(expected);
    }

    private static String describe(Result r) {
        if (r instanceof Satisfiable s) {
            return "206 " + s.first() + "-" + s.last();
        }
        if (r instanceof Unsatisfiable) {
            return "416";
        }
        return "ignore " + ((Ignore) r).reason();
    }

    @Test
    void null_range_is_ignored() {
        assertThat(ByteRanges.parse(null, 10)).isEqualTo(new Ignore("syntax"));
    }

    @Test
    void spec_is_parsed_before_the_length_is_known() {
        assertThat(ByteRanges.spec("bytes=5-")).hasValue(new Spec(5, -1, -1));
        assertThat(ByteRanges.spec("bytes=5-9")).hasValue(new Spec(5, 9, -1));
        assertThat(ByteRanges.spec("bytes=-5")).hasValue(new Spec(-1, -1, 5));
        assertThat(ByteRanges.spec("bytes=1-2,3-4")).isEmpty();
        assertThat(ByteRanges.spec("bytes=5-").orElseThrow().resolve(7)).isEqualTo(new Satisfiable(5, 6));
    }

    @Test
    void formats_content_range() {
        assertThat(ByteRanges.contentRange(0, 99, 1000)).isEqualTo("bytes 0-99/1000");
        assertThat(ByteRanges.unsatisfiedContentRange(1000)).isEqualTo("bytes */1000");
        assertThat(new Satisfiable(10, 19).size()).isEqualTo(10);
    }

    @Test
    void refuses_impossible_ranges_and_lengths() {
        assertThatThrownBy(() -> ByteRanges.contentRange(5, 4, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range: 5-4/10 (expected: 0 <= first <= last < length)");
        assertThatThrownBy(() -> ByteRanges.contentRange(0, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteRanges.parse("bytes=0-1", -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new Spec(-1, 5, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec: first=-1 last=5");
        assertThatThrownBy(() -> new Satisfiable(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range: 3-2 (expected: 0 <= first <= last)");
        assertThatThrownBy(() -> ByteRanges.unsatisfiedContentRange(-2)).isInstanceOf(IllegalArgumentException.class);
    }
}
