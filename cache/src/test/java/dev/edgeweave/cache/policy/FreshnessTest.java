package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.T0;
import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.cache.policy.Freshness.State;
import dev.edgeweave.cache.policy.Freshness.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FreshnessTest {

    @ParameterizedTest(name = "[{index}] {0} {1} -> {3} ms")
    @CsvSource(delimiter = '|', textBlock = """
            # status | response headers                                                  | received at T+s | lifetime ms
            200      | Cache-Control: max-age=60                                         | 0    | 60000
            200      | Cache-Control: max-age=60, s-maxage=30                            | 0    | 30000
            200      | Cache-Control: s-maxage=0, max-age=60                             | 0    | 0
            200      | Cache-Control: max-age=60 && Expires: {T+3600} && Date: {T+0}     | 0    | 60000
            200      | Expires: {T+3600} && Date: {T+0}                                  | 0    | 3600000
            200      | Expires: {T+3600}                                                 | 100  | 3500000
            200      | Expires: {T+3600} && Date: garbage                                | 100  | 3500000
            200      | Expires: {T-60} && Date: {T+0}                                    | 0    | 0
            200      | Expires: 0 && Date: {T+0}                                         | 0    | 0
            200      | Expires: {T+60} && Expires: {T+120} && Date: {T+0}                | 0    | 0
            200      | Expires: {T+60} && Expires: {T+60} && Date: {T+0}                 | 0    | 60000
            200      | Date: {T+0} && Last-Modified: {T-1000}                            | 0    | 100000
            200      | Last-Modified: {T-1000}                                           | 0    | 100000
            200      | Date: {T+0} && Last-Modified: {T-10000000}                        | 0    | 86400000
            404      | Date: {T+0} && Last-Modified: {T-1000}                            | 0    | 100000
            302      | Date: {T+0} && Last-Modified: {T-1000}                            | 0    | 0
            302      | Cache-Control: public && Date: {T+0} && Last-Modified: {T-1000}   | 0    | 100000
            200      | Date: {T+0} && Last-Modified: {T-1000} && Expires: {T+10}         | 0    | 10000
            200      | Date: {T+0} && Last-Modified: {T-1000} && Expires: garbage        | 0    | 0
            200      | Date: {T+0} && Last-Modified: {T+10}                              | 0    | 0
            200      | Date: {T+0}                                                       | 0    | 0
            200      | Cache-Control: max-age=60, max-age=120                            | 0    | 0
            200      | CDN-Cache-Control: max-age=600 && Cache-Control: max-age=60       | 0    | 600000
            200      | CDN-Cache-Control: no-store && Cache-Control: max-age=60          | 0    | 0
            200      | CDN-Cache-Control: must-revalidate && Expires: {T+60} && Date: {T+0} | 0 | 0
            200      | CDN-Cache-Control: MAX-AGE=600 && Cache-Control: max-age=60       | 0    | 60000
            """)
    void computes_the_freshness_lifetime_in_rfc_9111_order(int status, String headers, long receivedAt,
                                                          long expected) {
        assertThat(Freshness.lifetime(status, h(headers), T0 + receivedAt * 1000)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} req={1} resp={2} now={3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # stored headers                  | requested T+ms | received T+ms | now T+ms | current age ms
            Date: {T+0}                       | 0     | 0     | 0       | 0
            Date: {T+0}                       | 0     | 0     | 30000   | 30000
            Date: {T+0} && Age: 100           | 0     | 0     | 30000   | 130000
            Date: {T+0} && Age: 100           | 0     | 2000  | 2000    | 102000
            Date: {T-50}                      | 0     | 0     | 0       | 50000
            Date: {T-50} && Age: 10           | 0     | 0     | 0       | 50000
            Date: {T+100}                     | 0     | 0     | 0       | 0
            Age: 5                            | 0     | 1000  | 1000    | 6000
            Age: abc                          | 0     | 0     | 0       | 0
            Age: -5                           | 0     | 0     | 0       | 0
            Age: 10, 20                       | 0     | 0     | 0       | 10000
            Age: 99999999999                  | 0     | 0     | 0       | 2147483648000
            Date: {T+0}                       | 0     | 0     | -5000   | 0
            Date: {T+0}                       | 0     | 3000  | 3000    | 3000
            """)
    void computes_current_age_per_rfc_9111(String headers, long requested, long received, long now, long age) {
        assertThat(Freshness.currentAge(h(headers), T0 + requested, T0 + received, T0 + now)).isEqualTo(age);
    }

    @Test
    void age_header_value_is_whole_seconds_rounded_down() {
        MapHeaders stored = h("Date: {T+0} && Age: 3");
        assertThat(Freshness.ageSeconds(stored, T0, T0, T0 + 1999)).isEqualTo(4);
        assertThat(Freshness.ageSeconds(stored, T0, T0, T0)).isEqualTo(3);
        assertThat(Freshness.ageSeconds(h("Age: 2147483648"), T0, T0, T0 + 5000)).isEqualTo(2147483648L);
    }

    @ParameterizedTest(name = "[{index}] req {0} / stored {1} at +{2} ms -> {3} {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # request headers                            | stored headers (Date: T+0 is added)                          | now T+ms | state                  | reason                 | stale-if-error | ttl s
                                                         | Cache-Control: max-age=60                                     | 0      | FRESH                  | fresh                  | true  | 60
                                                         | Cache-Control: max-age=60                                     | 59999  | FRESH                  | fresh                  | true  | 0
                                                         | Cache-Control: max-age=60                                     | 60000  | REVALIDATE             | stale                  | false | 0
                                                         | Cache-Control: max-age=60                                     | 61000  | REVALIDATE             | stale                  | false | -1
            # stale-while-revalidate window edges
                                                         | Cache-Control: max-age=60, stale-while-revalidate=30          | 60000  | STALE_WHILE_REVALIDATE | stale-while-revalidate | false | 0
                                                         | Cache-Control: max-age=60, stale-while-revalidate=30          | 90000  | STALE_WHILE_REVALIDATE | stale-while-revalidate | false | -30
                                                         | Cache-Control: max-age=60, stale-while-revalidate=30          | 90001  | REVALIDATE             | stale                  | false | -31
            # stale-if-error window edges
                                                         | Cache-Control: max-age=60, stale-if-error=30                  | 90000  | REVALIDATE             | stale                  | true  | -30
                                                         | Cache-Control: max-age=60, stale-if-error=30                  | 90001  | REVALIDATE             | stale                  | false | -31
                                                         | Cache-Control: max-age=60, stale-while-revalidate=10, stale-if-error=30 | 80000 | REVALIDATE  | stale                  | true  | -20
            # must-revalidate, proxy-revalidate and s-maxage forbid all stale serving
                                                         | Cache-Control: max-age=60, stale-if-error=30, must-revalidate | 70000  | REVALIDATE             | must-revalidate        | false | -10
                                                         | Cache-Control: max-age=60, stale-while-revalidate=30, proxy-revalidate | 70000 | REVALIDATE    | proxy-revalidate       | false | -10
                                                         | Cache-Control: s-maxage=60, stale-while-revalidate=30, stale-if-error=30 | 70000 | REVALIDATE  | s-maxage               | false | -10
                                                         | Cache-Control: max-age=60, must-revalidate                    | 1000   | FRESH                  | fresh                  | true  | 59
            Cache-Control: max-stale                     | Cache-Control: max-age=60, must-revalidate                    | 70000  | REVALIDATE             | must-revalidate        | false | -10
            # no-cache in the response: always revalidate, never serve it on error
                                                         | Cache-Control: no-cache, max-age=60                           | 0      | REVALIDATE             | no-cache               | false | 60
                                                         | Cache-Control: no-cache="Set-Cookie", max-age=60              | 0      | REVALIDATE             | no-cache               | false | 60
            # request directives
            Cache-Control: no-cache                      | Cache-Control: max-age=60                                     | 0      | REVALIDATE             | request no-cache       | true  | 60
            Cache-Control: max-age=10                    | Cache-Control: max-age=60                                     | 10000  | FRESH                  | fresh                  | true  | 50
            Cache-Control: max-age=10                    | Cache-Control: max-age=60                                     | 10001  | REVALIDATE             | request max-age        | true  | 49
            Cache-Control: max-age=0                     | Cache-Control: max-age=60                                     | 1      | REVALIDATE             | request max-age        | true  | 59
            Cache-Control: min-fresh=30                  | Cache-Control: max-age=60                                     | 30000  | FRESH                  | fresh                  | true  | 30
            Cache-Control: min-fresh=30                  | Cache-Control: max-age=60                                     | 30001  | REVALIDATE             | request min-fresh      | true  | 29
            Cache-Control: max-stale                     | Cache-Control: max-age=60                                     | 999000 | STALE_ACCEPTED         | max-stale              | false | -939
            Cache-Control: max-stale=30                  | Cache-Control: max-age=60                                     | 90000  | STALE_ACCEPTED         | max-stale              | false | -30
            Cache-Control: max-stale=30                  | Cache-Control: max-age=60                                     | 90001  | REVALIDATE             | stale                  | false | -31
            Cache-Control: max-age=3600                  | Cache-Control: max-age=60, stale-while-revalidate=30          | 70000  | REVALIDATE             | stale                  | false | -10
            Cache-Control: max-age=3600, max-stale       | Cache-Control: max-age=60                                     | 70000  | STALE_ACCEPTED         | max-stale              | false | -10
            Cache-Control: max-age=3600, max-stale=5     | Cache-Control: max-age=60, stale-while-revalidate=30          | 70000  | STALE_WHILE_REVALIDATE | stale-while-revalidate | false | -10
            Cache-Control: stale-if-error=100            | Cache-Control: max-age=60                                     | 160000 | REVALIDATE             | stale                  | true  | -100
            Cache-Control: stale-if-error=100            | Cache-Control: max-age=60                                     | 160001 | REVALIDATE             | stale                  | false | -101
            # Age from upstream adds to the current age
                                                         | Cache-Control: max-age=60 && Age: 50                          | 9999   | FRESH                  | fresh                  | true  | 0
                                                         | Cache-Control: max-age=60 && Age: 50                          | 10000  | REVALIDATE             | stale                  | false | 0
            # CDN-Cache-Control over Cache-Control
                                                         | Cache-Control: no-cache && CDN-Cache-Control: max-age=60      | 0      | FRESH                  | fresh                  | true  | 60
                                                         | Cache-Control: must-revalidate && CDN-Cache-Control: max-age=60, stale-while-revalidate=30 | 70000 | STALE_WHILE_REVALIDATE | stale-while-revalidate | false | -10
                                                         | Cache-Control: max-age=600 && CDN-Cache-Control: max-age=60, must-revalidate | 70000 | REVALIDATE | must-revalidate | false | -10
            # Expires in the past or invalid: already stale
                                                         | Expires: {T-10}                                               | 0      | REVALIDATE             | stale                  | false | 0
                                                         | Expires: 0                                                    | 0      | REVALIDATE             | stale                  | false | 0
                                                         | Expires: {T+60}                                               | 59000  | FRESH                  | fresh                  | true  | 1
            # heuristic freshness: 10% of Date - Last-Modified
                                                         | Last-Modified: {T-1000}                                       | 99999  | FRESH                  | fresh                  | true  | 0
                                                         | Last-Modified: {T-1000}                                       | 100000 | REVALIDATE             | stale                  | false | 0
                                                         | Last-Modified: {T-1000} && Cache-Control: max-age=5           | 6000   | REVALIDATE             | stale                  | false | -1
            """)
    void evaluates_stored_responses_against_requests(String request, String stored, long now, State state,
                                                     String reason, boolean staleIfError, long ttlSeconds) {
        Verdict v = Freshness.evaluate(h(request), 200, h(stored).with("Date", H.sub("{T+0}")), T0, T0, T0 + now);
        assertThat(v.state()).isEqualTo(state);
        assertThat(v.reason()).isEqualTo(reason);
        assertThat(v.staleIfError()).as("stale-if-error").isEqualTo(staleIfError);
        assertThat(v.ttlSeconds()).as("ttl").isEqualTo(ttlSeconds);
        assertThat(v.onlyIfCached()).isFalse();
    }

    @Test
    void only_if_cached_is_reported_so_the_edge_answers_504_instead_of_forwarding() {
        Verdict v = Freshness.evaluate(h("Cache-Control: only-if-cached"), 200,
                h("Cache-Control: max-age=60 && Date: {T+0}"), T0, T0, T0 + 61000);
        assertThat(v.state()).isEqualTo(State.REVALIDATE);
        assertThat(v.onlyIfCached()).isTrue();
    }

    @Test
    void fwd_names_request_when_the_request_forced_revalidation() {
        MapHeaders stored = h("Cache-Control: max-age=60 && Date: {T+0}");
        assertThat(Freshness.evaluate(h("Cache-Control: no-cache"), 200, stored, T0, T0, T0).fwd())
                .isEqualTo("request");
        assertThat(Freshness.evaluate(MapHeaders.empty(), 200, stored, T0, T0, T0 + 60000).fwd())
                .isEqualTo("stale");
    }

    @Test
    void heuristic_freshness_needs_a_heuristically_cacheable_status() {
        MapHeaders stored = h("Date: {T+0} && Last-Modified: {T-1000}");
        assertThat(Freshness.evaluate(MapHeaders.empty(), 200, stored, T0, T0, T0 + 1000).state())
                .isEqualTo(State.FRESH);
        assertThat(Freshness.evaluate(MapHeaders.empty(), 302, stored, T0, T0, T0 + 1000).state())
                .isEqualTo(State.REVALIDATE);
    }

    @Test
    void response_delay_counts_towards_age() {
        // Requested at T, received 5 s later, Date says T: apparent age 5 s, corrected age 5 s.
        Verdict v = Freshness.evaluate(MapHeaders.empty(), 200, h("Cache-Control: max-age=10 && Date: {T+0}"),
                T0, T0 + 5000, T0 + 5000);
        assertThat(v.ageMillis()).isEqualTo(5000);
        assertThat(v.ttlSeconds()).isEqualTo(5);
    }
}
