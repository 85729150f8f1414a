package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.T0;
import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # stored headers                                          | conditional headers sent to the origin
            ETag: "abc"                                               | If-None-Match: "abc"
            ETag: W/"abc"                                             | If-None-Match: W/"abc"
            Last-Modified: Sunday, 06-Nov-94 08:49:37 GMT             | If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT
            ETag: "abc" && Last-Modified: {T-60}                      | If-None-Match: "abc" && If-Modified-Since: {T-60}
            Last-Modified: yesterday                                  | ''
            Date: {T+0}                                               | ''
            ''                                                        | ''
            """)
    void revalidates_with_the_stored_validators(String stored, String expected) {
        assertThat(H.render(Validation.revalidationHeaders(h(stored)))).isEqualTo(H.sub(expected));
    }

    @ParameterizedTest(name = "[{index}] {0} + 304 {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # stored headers | 304 headers | 304 received at T+s | stored headers after
            Content-Length: 100 && Content-Type: text/plain && ETag: "a" && Date: {T+0} && Cache-Control: max-age=60 | Date: {T+100} && Cache-Control: max-age=600 && Content-Length: 0 | 100 | Content-Length: 100 && Content-Type: text/plain && ETag: "a" && Date: {T+100} && Cache-Control: max-age=600
            X-A: 1 && Date: {T+0} && X-A: 2                | X-A: 3 && Date: {T+1}                                      | 1   | X-A: 3 && Date: {T+1}
            Date: {T+0} && X-A: 1                          | X-A: 3 && X-A: 4 && Date: {T+1}                            | 1   | Date: {T+1} && X-A: 3 && X-A: 4
            Date: {T+0}                                    | Date: {T+1} && X-New: y                                    | 1   | Date: {T+1} && X-New: y
            Date: {T+0}                                    | Date: {T+1} && Connection: close, X-Secret && X-Secret: s && Keep-Alive: timeout=5 && Transfer-Encoding: chunked && Proxy-Authenticate: Basic | 1 | Date: {T+1}
            Content-Encoding: gzip && Repr-Digest: sha-256=:AA==: && Content-Range: bytes 0-1/2 && Date: {T+0} | Content-Encoding: br && Repr-Digest: sha-256=:BB==: && Content-Range: bytes 0-0/2 && Date: {T+1} | 1 | Content-Encoding: gzip && Repr-Digest: sha-256=:AA==: && Content-Range: bytes 0-1/2 && Date: {T+1}
            Date: {T+0} && ETag: "a"                       | ETag: "a"                                                  | 500 | Date: {T+500} && ETag: "a"
            ETag: "a"                                      | ETag: "a" && Date: nonsense                                | 500 | ETag: "a" && Date: {T+500}
            cache-control: max-age=1                       | Cache-Control: max-age=2 && Date: {T+1}                    | 1   | Cache-Control: max-age=2 && Date: {T+1}
            Age: 30 && Date: {T+0}                         | Age: 2 && Date: {T+60}                                     | 60  | Age: 2 && Date: {T+60}
            """)
    void freshens_stored_headers_from_a_304(String stored, String notModified, long receivedAt, String expected) {
        List<Map.Entry<String, String>> out = Validation.freshen(h(stored).entries(), h(notModified).entries(),
                T0 + receivedAt * 1000);
        assertThat(H.render(out)).isEqualTo(H.sub(expected));
    }

    @Test
    void a_freshened_response_is_fresh_again() {
        MapHeaders stored = h("Cache-Control: max-age=60 && Date: {T+0} && ETag: \"a\" && Content-Length: 5");
        assertThat(Freshness.evaluate(MapHeaders.empty(), 200, stored, T0, T0, T0 + 100_000).state())
                .isEqualTo(Freshness.State.REVALIDATE);
        MapHeaders fresh = MapHeaders.from(Validation.freshen(stored.entries(),
                h("Date: {T+100} && ETag: \"a\""), T0 + 100_000));
        Freshness.Verdict v = Freshness.evaluate(MapHeaders.empty(), 200, fresh, T0 + 99_900, T0 + 100_000,
                T0 + 100_000);
        assertThat(v.state()).isEqualTo(Freshness.State.FRESH);
        assertThat(v.ttlSeconds()).isEqualTo(59);
        assertThat(fresh.first("Content-Length")).isEqualTo("5");
    }
}
