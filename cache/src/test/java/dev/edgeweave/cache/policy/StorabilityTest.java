package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorabilityTest {

    @ParameterizedTest(name = "{0} {1} / {2} {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            # method | request headers                | status | response headers                                           | reason
            GET      |                                | 200    | Cache-Control: max-age=60                                  | cacheable
            HEAD     |                                | 200    | Cache-Control: max-age=60                                  | method
            POST     |                                | 200    | Cache-Control: max-age=60                                  | method
            get      |                                | 200    | Cache-Control: max-age=60                                  | method
            GET      |                                | 103    | Cache-Control: max-age=60                                  | status
            GET      |                                | 206    | Cache-Control: max-age=60                                  | partial
            GET      |                                | 304    | Cache-Control: max-age=60                                  | not-modified
            GET      |                                | 200    | Cache-Control: no-store                                    | no-store
            GET      |                                | 200    | Cache-Control: max-age=60, no-store                        | no-store
            GET      | Cache-Control: no-store        | 200    | Cache-Control: max-age=60                                  | no-store
            GET      |                                | 200    | Cache-Control: no-store && CDN-Cache-Control: max-age=60   | cacheable
            GET      |                                | 200    | Cache-Control: max-age=60 && CDN-Cache-Control: no-store   | no-store
            GET      |                                | 200    | Cache-Control: private, max-age=60                         | private
            GET      |                                | 200    | Cache-Control: private="Set-Cookie", max-age=60            | private
            GET      |                                | 200    | Cache-Control: private && CDN-Cache-Control: max-age=60    | cacheable
            GET      | Authorization: Bearer x        | 200    | Cache-Control: max-age=60                                  | authorization
            GET      | Authorization: Bearer x        | 200    | Cache-Control: public, max-age=60                          | cacheable
            GET      | Authorization: Bearer x        | 200    | Cache-Control: must-revalidate, max-age=60                 | cacheable
            GET      | Authorization: Bearer x        | 200    | Cache-Control: s-maxage=60                                 | cacheable
            GET      | Authorization: Bearer x        | 200    | Cache-Control: public && CDN-Cache-Control: max-age=60     | authorization
            GET      | Authorization: Bearer x        | 200    | Cache-Control: max-age=60 && CDN-Cache-Control: public     | cacheable
            GET      |                                | 200    | Vary: * && Cache-Control: max-age=60                       | vary-star
            GET      |                                | 200    | Vary: Accept-Encoding, * && Cache-Control: max-age=60      | vary-star
            GET      |                                | 200    | Vary: Accept-Encoding && Cache-Control: max-age=60         | cacheable
            GET      |                                | 200    |                                                            | cacheable
            GET      |                                | 404    |                                                            | cacheable
            GET      |                                | 501    |                                                            | cacheable
            GET      |                                | 302    |                                                            | no-freshness
            GET      |                                | 302    | ETag: "v1"                                                 | no-freshness
            GET      |                                | 302    | Cache-Control: max-age=60                                  | cacheable
            GET      |                                | 302    | Cache-Control: s-maxage=60                                 | cacheable
            GET      |                                | 302    | Expires: {T+60}                                            | cacheable
            GET      |                                | 302    | Expires: 0                                                 | cacheable
            GET      |                                | 302    | CDN-Cache-Control: max-age=0                               | cacheable
            GET      |                                | 302    | Expires: {T+60} && CDN-Cache-Control: no-transform         | no-freshness
            GET      |                                | 500    |                                                            | no-freshness
            GET      |                                | 500    | Cache-Control: public                                      | cacheable
            GET      |                                | 200    | Cache-Control: no-store, must-understand                   | cacheable
            GET      |                                | 299    | Cache-Control: no-store, must-understand, max-age=60       | must-understand
            GET      |                                | 299    | Cache-Control: must-understand, max-age=60                 | must-understand
            GET      | Cache-Control: no-store        | 200    | Cache-Control: no-store, must-understand                   | no-store
            """)
    void decides_storage_for_a_shared_cache(String method, String request, int status, String response,
                                            String reason) {
        Storability.Decision d = Storability.decide(method, h(request), status, h(response));
        assertThat(d.reason()).isEqualTo(reason);
        assertThat(d.storable()).isEqualTo(reason.equals(Storability.CACHEABLE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Cache-Control: max-age=60                              | false
            Cache-Control: public                                  | true
            Cache-Control: must-revalidate                         | true
            Cache-Control: s-maxage=5                              | true
            Cache-Control: proxy-revalidate                        | false
            CDN-Cache-Control: public && Cache-Control: max-age=1  | true
            """)
    void reuses_responses_to_authorized_requests_only_when_allowed(String response, boolean reusable) {
        assertThat(Storability.reusableWithAuthorization(h(response))).isEqualTo(reusable);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"200,true", "203,true", "204,true", "206,true", "300,true", "301,true", "308,true", "404,true",
        "405,true", "410,true", "414,true", "501,true", "201,false", "302,false", "307,false", "500,false",
        "503,false"})
    void knows_the_heuristically_cacheable_statuses(int status, boolean cacheable) {
        assertThat(Storability.heuristicallyCacheable(status)).isEqualTo(cacheable);
    }
}
