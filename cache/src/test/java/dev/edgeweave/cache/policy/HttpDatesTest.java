package dev.edgeweave.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpDatesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # value                                | epoch millis, or 'invalid'
            Sun, 06 Nov 1994 08:49:37 GMT          | 784111777000
            Sunday, 06-Nov-94 08:49:37 GMT         | 784111777000
            Sun Nov  6 08:49:37 1994               | 784111777000
            Sun Nov 06 08:49:37 1994               | 784111777000
            sun, 06 nov 1994 08:49:37 GMT          | 784111777000
            '  Sun, 06 Nov 1994 08:49:37 GMT  '    | 784111777000
            Thursday, 01-Jan-15 00:00:00 GMT       | 1420070400000
            Friday, 01-Jan-99 00:00:00 GMT         | 915148800000
            Sat, 31 Dec 2016 23:59:60 GMT          | 1483228800000
            Mon, 01 Jan 2024 00:00:00 GMT          | 1704067200000
            Sun, 06 Nov 1994 08:49:37 UTC          | invalid
            Sun, 06 Nov 1994 08:49:37 +0000        | invalid
            Sun, 31 Feb 1994 08:49:37 GMT          | invalid
            Sun, 06 Nov 1994 24:00:00 GMT          | invalid
            Sun, 06 Nov 1994 08:61:00 GMT          | invalid
            Sun, 06 Nov 94 08:49:37 GMT            | invalid
            Sun, 06 Nov 1994 8:49:37 GMT           | invalid
            Sun, 06 Foo 1994 08:49:37 GMT          | invalid
            Xyz, 06 Nov 1994 08:49:37 GMT          | invalid
            Sunday, 06-Nov-1994 08:49:37 GMT       | invalid
            Sun Nov  6 08:49:37 94                 | invalid
            0                                      | invalid
            -1                                     | invalid
            ''                                     | invalid
            1994-11-06T08:49:37Z                   | invalid
            """)
    void parses_the_three_http_date_formats_and_rejects_the_rest(String value, String expected) {
        OptionalLong parsed = HttpDates.parse(value);
        if (expected.equals("invalid")) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).hasValue(Long.parseLong(expected));
        }
    }

    @Test
    void null_is_not_a_date() {
        assertThat(HttpDates.parse(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            784111777000          | Sun, 06 Nov 1994 08:49:37 GMT
            784111777999          | Sun, 06 Nov 1994 08:49:37 GMT
            0                     | Thu, 01 Jan 1970 00:00:00 GMT
            1704067200000         | Mon, 01 Jan 2024 00:00:00 GMT
            9223372036854775807   | Fri, 31 Dec 9999 23:59:59 GMT
            -9223372036854775808  | Mon, 01 Jan 0001 00:00:00 GMT
            """)
    void formats_imf_fixdate_and_clamps_to_four_digit_years(long millis, String expected) {
        assertThat(HttpDates.format(millis)).isEqualTo(expected);
    }

    @Test
    void format_then_parse_gives_the_second_back() {
        for (long t = -5_000_000_000_000L; t < 5_000_000_000_000L; t += 77_777_777_777L) {
            assertThat(HttpDates.parse(HttpDates.format(t))).hasValue(Math.floorDiv(t, 1000) * 1000);
        }
    }
}
