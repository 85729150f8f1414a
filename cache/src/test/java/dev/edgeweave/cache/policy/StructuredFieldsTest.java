package dev.edgeweave.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StructuredFieldsTest {

    @Test
    void parses_every_item_type_with_parameters() throws Exception {
        Map<String, StructuredFields.Member> d = StructuredFields.parseDictionary(List.of(
                "a=1, b=-2.5, c=\"x \\\"y\\\" \\\\\", d=tok/en:1, e=:AQID:, f=?0, g, h=(1 \"two\");q=?1;r=3",
                "a=7"));
        assertThat(d.keySet()).containsExactly("b", "c", "d", "e", "f", "g", "h", "a");
        assertThat(d.get("a").value()).isEqualTo(7L);
        assertThat(d.get("b").value()).isEqualTo(new BigDecimal("-2.5"));
        assertThat(d.get("c").value()).isEqualTo("x \"y\" \\");
        assertThat(d.get("d").value()).isEqualTo(new StructuredFields.Token("tok/en:1"));
        assertThat((byte[]) d.get("e").value()).containsExactly(1, 2, 3);
        assertThat(d.get("f").value()).isEqualTo(false);
        assertThat(d.get("g").value()).isEqualTo(true);
        StructuredFields.InnerList h = (StructuredFields.InnerList) d.get("h").value();
        assertThat(h.items()).extracting(StructuredFields.Member::value).containsExactly(1L, "two");
        assertThat(d.get("h").params()).containsEntry("q", true).containsEntry("r", 3L);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # invalid dictionary                | error starts with
            A=1                                 | expected a key
            a=1,                                | trailing comma
            a=1 b=2                             | expected ','
            a=                                  | missing value
            a=1234567890123456                  | integer longer than 15 digits
            a=1.2345                            | bad decimal
            a=1.                                | bad decimal
            a="unterminated                     | unterminated string
            a="bad \\x"                         | bad escape in string
            a=(1 2                              | unterminated inner list
            a=?2                                | expected ?0 or ?1
            a=:AQ=I:                            | bad base64 in byte sequence
            a=@123                              | unexpected '@'
            """)
    void refuses_malformed_dictionaries_with_a_clear_reason(String value, String error) {
        assertThatThrownBy(() -> StructuredFields.parseDictionary(List.of(value)))
                .isInstanceOf(StructuredFields.ParseException.class).hasMessageStartingWith(error);
    }

    @Test
    void empty_field_is_an_empty_dictionary() throws Exception {
        assertThat(StructuredFields.parseDictionary(List.of())).isEmpty();
        assertThat(StructuredFields.parseDictionary(List.of("  "))).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            edgeweave     | true
            *star         | true
            a:b/c         | true
            9lives        | false
            with space    | false
            quo"te        | false
            """)
    void recognises_sf_tokens(String s, boolean token) {
        assertThat(StructuredFields.isSfToken(s)).isEqualTo(token);
    }
}
