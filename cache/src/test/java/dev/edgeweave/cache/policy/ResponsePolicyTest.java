package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsePolicyTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # response headers                                                 | effective directives        | targeted
            Cache-Control: no-store && CDN-Cache-Control: max-age=60           | max-age=60                  | true
            Cache-Control: max-age=60 && CDN-Cache-Control: no-store           | no-store                    | true
            Cache-Control: max-age=60, public && CDN-Cache-Control: foo        | ''                          | true
            Cache-Control: max-age=10 && CDN-Cache-Control: MAX-AGE=60         | max-age=10                  | false
            Cache-Control: max-age=10 && CDN-Cache-Control:                    | max-age=10                  | false
            Cache-Control: max-age=10                                          | max-age=10                  | false
            CDN-Cache-Control: max-age=60 && CDN-Cache-Control: must-revalidate | max-age=60 must-revalidate | true
            ''                                                                 | ''                          | false
            """)
    void cdn_cache_control_replaces_cache_control_when_valid(String headers, String expected, boolean targeted) {
        assertThat(H.describe(ResponsePolicy.effective(h(headers)))).isEqualTo(expected);
        assertThat(ResponsePolicy.targeted(h(headers))).isEqualTo(targeted);
    }

    @Test
    void strips_nothing_downstream() {
        assertThat(ResponsePolicy.headersToStripDownstream()).isEmpty();
    }
}
