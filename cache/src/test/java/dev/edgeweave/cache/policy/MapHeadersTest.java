package dev.edgeweave.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapHeadersTest {

    @Test
    void looks_names_up_case_insensitively_and_keeps_order() {
        MapHeaders h = MapHeaders.of("Vary", "Accept", "X-A", "1", "vary", "User-Agent");
        assertThat(h.first("VARY")).isEqualTo("Accept");
        assertThat(h.all("vary")).containsExactly("Accept", "User-Agent");
        assertThat(h.contains("x-a")).isTrue();
        assertThat(h.first("missing")).isNull();
        assertThat(h.all("missing")).isEmpty();
        assertThat(h.entries()).extracting(Map.Entry::getKey).containsExactly("Vary", "X-A", "vary");
    }

    @Test
    void splits_tokens_outside_quoted_strings_only() {
        MapHeaders h = MapHeaders.of("Cache-Control", "no-cache=\"a, b\", max-age=5", "Cache-Control", " , public");
        assertThat(h.tokens("cache-control")).containsExactly("no-cache=\"a, b\"", "max-age=5", "public");
    }

    @Test
    void with_and_without_return_new_headers() {
        MapHeaders h = MapHeaders.of("A", "1");
        assertThat(h.with("B", "2").entries()).hasSize(2);
        assertThat(h.entries()).hasSize(1);
        assertThat(h.with("a", "3").without("A").entries()).isEmpty();
        assertThat(MapHeaders.from(List.of(Map.entry("A", "1")))).isEqualTo(h);
    }

    @Test
    void refuses_odd_pairs_empty_names_and_null_values() {
        assertThatThrownBy(() -> MapHeaders.of("A")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namesAndValues: 1 strings (expected: an even count");
        assertThatThrownBy(() -> MapHeaders.of("", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 0: name \"\" (expected: a non-empty header name)");
        assertThatThrownBy(() -> MapHeaders.of("A", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header 0 (A): value null");
        assertThatThrownBy(() -> MapHeaders.of("A", "1").with(null, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header 1: name null");
    }

    @Test
    void entries_are_immutable() {
        assertThatThrownBy(() -> MapHeaders.of("A", "1").entries().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
