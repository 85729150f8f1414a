package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IfRangeTest {

    @ParameterizedTest(name = "[{index}] If-Range {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", emptyValue = "", textBlock = """
            # If-Range      | stored headers                                              | range allowed
            null            | ETag: "v1"                                                  | true
            "v1"            | ETag: "v1" && Last-Modified: {T-100} && Date: {T+0}         | true
            W/"v1"          | ETag: "v1"                                                  | false
            W/"v1"          | ETag: W/"v1"                                                | false
            "v1"            | ETag: W/"v1"                                                | false
            "v2"            | ETag: "v1"                                                  | false
            "v1"            | Last-Modified: {T-100} && Date: {T+0}                       | false
            {T-100}         | ETag: "v1" && Last-Modified: {T-100} && Date: {T+0}         | true
            {T-99}          | Last-Modified: {T-100} && Date: {T+0}                       | false
            {T-1}           | Last-Modified: {T-1} && Date: {T+0}                         | true
            {T+0}           | Last-Modified: {T+0} && Date: {T+0}                         | false
            {T-100}         | Last-Modified: {T-100}                                      | false
            {T-100}         | ETag: "v1"                                                  | false
            garbage         | Last-Modified: {T-100} && Date: {T+0}                       | false
            ''              | ETag: "v1"                                                  | false
            """)
    void allows_ranges_only_with_a_strong_validator_match(String ifRange, String stored, boolean allowed) {
        assertThat(IfRange.allows(H.sub(ifRange), h(stored))).isEqualTo(allowed);
    }
}
