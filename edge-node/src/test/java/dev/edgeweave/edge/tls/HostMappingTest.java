package dev.edgeweave.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SNI name → certificate, as a table (RFC 6125 §6.4.3 wildcards: one leftmost label). */
class HostMappingTest {

    private static final HostMapping<String> MAP = new HostMapping<>(Map.of(
            "a.example", "A", "*.b.example", "WILD-B", "x.b.example", "EXACT-X", "127.0.0.1", "IP"), "DEFAULT");
    private static final HostMapping<String> NO_DEFAULT = new HostMapping<>(Map.of("a.example", "A"), null);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "a.example,         A",
            "A.Example,         A",
            "a.example.,        A",
            "cdn.b.example,     WILD-B",
            "x.b.example,       EXACT-X",
            "deep.cdn.b.example, DEFAULT",
            "b.example,         DEFAULT",
            ".b.example,        DEFAULT",
            "127.0.0.1,         IP",
            "unknown.example,   DEFAULT",
            "'',                DEFAULT",
            "null,              DEFAULT",
    })
    void picks_the_exact_name_then_a_one_label_wildcard_then_the_default(String host, String expected) {
        assertThat(MAP.map(host)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {"a.example, A", "other.example, null", "null, null"})
    void without_a_default_unknown_names_map_to_nothing(String host, String expected) {
        assertThat(NO_DEFAULT.map(host)).isEqualTo(expected);
    }
}
