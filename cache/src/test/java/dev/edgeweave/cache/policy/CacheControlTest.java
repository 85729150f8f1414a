package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.describe;
import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # Cache-Control value                                    | directives understood
            max-age=60                                               | max-age=60
            MAX-AGE=60                                               | max-age=60
            max-age="60"                                             | max-age=60
            max-age=60, max-age=60                                   | max-age=60
            max-age=60, max-age=3600                                 | max-age=0
            max-age=-1                                               | max-age=0
            max-age=abc                                              | max-age=0
            max-age                                                  | max-age=0
            max-age=1.5                                              | max-age=0
            max-age=99999999999999999999                             | max-age=2147483648
            s-maxage=30, max-age=60                                  | max-age=60 s-maxage=30
            s-maxage=x                                               | s-maxage=0
            no-store                                                 | no-store
            No-Store                                                 | no-store
            no-cache                                                 | no-cache
            no-cache="Set-Cookie, X-Foo"                             | no-cache[set-cookie,x-foo]
            no-cache="set-cookie", no-cache                          | no-cache
            no-cache="a", no-cache="b"                               | no-cache[a,b]
            no-cache=""                                              | no-cache
            private="Set-Cookie"                                     | private[set-cookie]
            private                                                  | private
            public, must-revalidate, proxy-revalidate, must-understand, no-transform, immutable | public must-revalidate proxy-revalidate must-understand no-transform immutable
            stale-while-revalidate=30, stale-if-error=600            | stale-while-revalidate=30 stale-if-error=600
            stale-while-revalidate=30, stale-while-revalidate=10     | stale-while-revalidate=10
            stale-if-error=soon                                      | ''
            stale-if-error=-5, stale-if-error=5                      | stale-if-error=5
            max-stale                                                | max-stale=unbounded
            max-stale=10, max-stale                                  | max-stale=10
            max-stale=x                                              | ''
            min-fresh=5, min-fresh=20                                | min-fresh=20
            min-fresh=x                                              | ''
            only-if-cached                                           | only-if-cached
            foo=bar, max-age=5                                       | max-age=5
            ' , max-age=5 ,, '                                       | max-age=5
            ext="a, max-age=1", max-age=5                            | max-age=5
            max-age = 5                                              | max-age=5
            """)
    void parses_cache_control_tolerantly_and_errs_towards_caching_less(String value, String expected) {
        assertThat(describe(CacheControl.parse(MapHeaders.of("Cache-Control", value), "Cache-Control")))
                .isEqualTo(expected);
    }

    @Test
    void reads_every_cache_control_line() {
        CacheControl cc = CacheControl.parse(h("Cache-Control: max-age=5 && cache-control: no-cache"),
                "Cache-Control");
        assertThat(describe(cc)).isEqualTo("max-age=5 no-cache");
    }

    @Test
    void absent_field_is_no_directive() {
        assertThat(CacheControl.parse(MapHeaders.empty(), "Cache-Control")).isEqualTo(CacheControl.NONE);
        assertThat(describe(CacheControl.NONE)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # CDN-Cache-Control value                  | directives, or 'ignored' (fall back to Cache-Control)
            max-age=60                                 | max-age=60
            max-age=60, must-revalidate                | max-age=60 must-revalidate
            no-store                                   | no-store
            no-cache="Set-Cookie"                      | no-cache[set-cookie]
            private, public, proxy-revalidate          | private public proxy-revalidate
            s-maxage=10, stale-while-revalidate=5      | s-maxage=10 stale-while-revalidate=5
            max-age=60, max-age=30                     | max-age=30
            max-age=60;foo=bar                         | max-age=60
            max-age=-5                                 | max-age=0
            max-age="60"                               | ''
            max-age=1.5                                | ''
            max-age=soon                               | ''
            no-store=?0                                | ''
            stale-if-error=-1                          | ''
            foo                                        | ''
            max-stale, only-if-cached                  | ''
            MAX-AGE=60                                 | ignored
            max-age=60,                                | ignored
            max-age=60 must-revalidate                 | ignored
            max-age=60, "x"                            | ignored
            ''                                         | ignored
            """)
    void parses_targeted_field_as_structured_dictionary(String value, String expected) {
        Optional<CacheControl> cc = CacheControl.parseTargeted(MapHeaders.of("CDN-Cache-Control", value),
                "CDN-Cache-Control");
        if (expected.equals("ignored")) {
            assertThat(cc).isEmpty();
        } else {
            assertThat(cc).map(H::describe).hasValue(expected);
        }
    }

    @Test
    void absent_targeted_field_is_ignored() {
        assertThat(CacheControl.parseTargeted(h("Cache-Control: max-age=5"), "CDN-Cache-Control")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            max-age=60                  | false
            max-age=60, must-revalidate | true
            proxy-revalidate            | true
            s-maxage=60                 | true
            """)
    void must_revalidate_proxy_revalidate_and_s_maxage_forbid_stale(String value, boolean forbids) {
        assertThat(CacheControl.parse(MapHeaders.of("Cache-Control", value), "Cache-Control").forbidsStale())
                .isEqualTo(forbids);
    }
}
