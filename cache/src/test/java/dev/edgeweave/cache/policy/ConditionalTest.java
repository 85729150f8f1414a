package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.cache.policy.Conditional.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalTest {

    private static final String STORED = "ETag: \"v1\" && Last-Modified: {T-100} && Date: {T+0}";

    @ParameterizedTest(name = "[{index}] {0} {1} vs {3} ({2}) -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # method | request headers                                        | stored status | stored headers (empty: ETag "v1", Last-Modified T-100, Date T+0) | outcome
            GET      | If-None-Match: "v1"                                    | 200 |                                | NOT_MODIFIED
            GET      | If-None-Match: W/"v1"                                  | 200 |                                | NOT_MODIFIED
            GET      | If-None-Match: "v2"                                    | 200 |                                | PROCEED
            GET      | If-None-Match: "v2", "v1"                              | 200 |                                | NOT_MODIFIED
            GET      | If-None-Match: "v2" && If-None-Match: "v1"             | 200 |                                | NOT_MODIFIED
            GET      | If-None-Match: *                                       | 200 |                                | NOT_MODIFIED
            HEAD     | If-None-Match: "v1"                                    | 200 |                                | NOT_MODIFIED
            DELETE   | If-None-Match: "v1"                                    | 200 |                                | PRECONDITION_FAILED
            GET      | If-None-Match: "v1"                                    | 200 | ETag: W/"v1"                   | NOT_MODIFIED
            GET      | If-None-Match: "v1"                                    | 200 | Date: {T+0}                    | PROCEED
            GET      | If-None-Match: *                                       | 200 | Date: {T+0}                    | NOT_MODIFIED
            GET      | If-None-Match: v1                                      | 200 |                                | PROCEED
            GET      | If-Match: "v1"                                         | 200 |                                | PROCEED
            GET      | If-Match: "v2"                                         | 200 |                                | PRECONDITION_FAILED
            GET      | If-Match: W/"v1"                                       | 200 |                                | PRECONDITION_FAILED
            GET      | If-Match: "v1"                                         | 200 | ETag: W/"v1"                   | PRECONDITION_FAILED
            GET      | If-Match: *                                            | 200 |                                | PROCEED
            GET      | If-Match: "v2", "v1"                                   | 200 |                                | PROCEED
            GET      | If-Unmodified-Since: {T-100}                           | 200 |                                | PROCEED
            GET      | If-Unmodified-Since: {T-200}                           | 200 |                                | PRECONDITION_FAILED
            GET      | If-Unmodified-Since: garbage                           | 200 |                                | PROCEED
            GET      | If-Unmodified-Since: {T-200}                           | 200 | ETag: "v1"                     | PROCEED
            GET      | If-Match: "v1" && If-Unmodified-Since: {T-200}         | 200 |                                | PROCEED
            GET      | If-Modified-Since: {T-100}                             | 200 |                                | NOT_MODIFIED
            GET      | If-Modified-Since: {T+50}                              | 200 |                                | NOT_MODIFIED
            GET      | If-Modified-Since: {T-101}                             | 200 |                                | PROCEED
            GET      | If-Modified-Since: garbage                             | 200 |                                | PROCEED
            GET      | If-Modified-Since: {T+50} && If-Modified-Since: {T+60} | 200 |                                | PROCEED
            GET      | If-None-Match: "v2" && If-Modified-Since: {T+50}       | 200 |                                | PROCEED
            PUT      | If-Modified-Since: {T+50}                              | 200 |                                | PROCEED
            GET      | If-Modified-Since: {T+0}                               | 200 | Date: {T+0}                    | NOT_MODIFIED
            GET      | If-Modified-Since: {T-1}                               | 200 | Date: {T+0}                    | PROCEED
            GET      | If-Modified-Since: {T+50}                              | 200 | ETag: "v1"                     | PROCEED
            GET      | If-Match: "v1" && If-None-Match: "v1"                  | 200 |                                | NOT_MODIFIED
            GET      | If-Match: "v2" && If-None-Match: "v1"                  | 200 |                                | PRECONDITION_FAILED
            GET      | If-None-Match: "v1"                                    | 404 |                                | PROCEED
            GET      | If-Match: "v2"                                         | 301 |                                | PROCEED
            GET      |                                                        | 200 |                                | PROCEED
            """)
    void evaluates_preconditions_in_rfc_9110_order(String method, String request, int status, String stored,
                                                  Outcome outcome) {
        assertThat(Conditional.evaluate(method, h(request), status, h(stored == null ? STORED : stored)))
                .isEqualTo(outcome);
    }
}
