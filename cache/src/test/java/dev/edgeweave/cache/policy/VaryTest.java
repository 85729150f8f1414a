package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryTest {

    @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            # stored response headers                  | request headers                              | key (lines joined by ' ; '), or 'never'
            ''                                         | Accept-Encoding: gzip                        | ''
            Vary: Accept-Encoding                      | Accept-Encoding: gzip                        | accept-encoding:gzip
            Vary: Accept-Encoding                      | ''                                           | accept-encoding
            Vary: Accept-Encoding                      | Accept-Encoding:                             | accept-encoding:
            Vary: *                                    | Accept-Encoding: gzip                        | never
            Vary: Accept-Encoding, *                   | Accept-Encoding: gzip                        | never
            Vary: User-Agent && Vary: accept-encoding  | Accept-Encoding: br && User-Agent: x         | accept-encoding:br ; user-agent:x
            Vary: Accept-Encoding, accept-encoding     | Accept-Encoding: br                          | accept-encoding:br
            Vary: Accept-Encoding                      | Accept-Encoding: gzip,   br                  | accept-encoding:gzip,br
            Vary: Accept-Encoding                      | Accept-Encoding: gzip && Accept-Encoding: br | accept-encoding:gzip,br
            Vary: Accept-Language                      | Accept-Language: en   US                     | accept-language:en US
            Vary: Accept-Encoding, Origin              | Origin: https://a.test                       | accept-encoding ; origin:https://a.test
            """)
    void builds_normalized_secondary_keys(String stored, String request, String expected) {
        Optional<String> key = Vary.secondaryKey(h(stored), h(request));
        if (expected.equals("never")) {
            assertThat(key).isEmpty();
        } else {
            assertThat(key).map(k -> k.replace("\n", " ; ")).hasValue(expected);
        }
    }

    @Test
    void missing_header_and_empty_header_are_different_variants() {
        MapHeaders stored = h("Vary: Accept-Encoding");
        assertThat(Vary.secondaryKey(stored, MapHeaders.empty()))
                .isNotEqualTo(Vary.secondaryKey(stored, MapHeaders.of("Accept-Encoding", "")));
    }

    @Test
    void equivalent_requests_share_a_key_and_others_do_not() {
        MapHeaders stored = h("Vary: Accept-Encoding, Accept-Language");
        Optional<String> a = Vary.secondaryKey(stored, h("accept-language: en && Accept-Encoding: gzip, br"));
        Optional<String> b = Vary.secondaryKey(stored, h("Accept-Encoding: gzip,br && Accept-Language: en"));
        Optional<String> c = Vary.secondaryKey(stored, h("Accept-Encoding: gzip && Accept-Language: en"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void lists_vary_fields_lower_case_sorted_once() {
        assertThat(Vary.fields(h("Vary: User-Agent, Accept && Vary: accept"))).containsExactly("accept",
                "user-agent");
    }
}
