package dev.edgeweave.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheStatusTest {

    private static final CacheStatus EW = CacheStatus.of("edgeweave");

    static Stream<Arguments> members() {
        return Stream.of(
                Arguments.of(EW.hit().ttl(376), "edgeweave; hit; ttl=376"),
                Arguments.of(EW.fwd("uri-miss").fwdStatus(200).stored(), "edgeweave; fwd=uri-miss; fwd-status=200; stored"),
                Arguments.of(EW.fwd("stale").fwdStatus(304), "edgeweave; fwd=stale; fwd-status=304"),
                Arguments.of(EW.fwd("bypass").detail("no-store"), "edgeweave; fwd=bypass; detail=\"no-store\""),
                Arguments.of(EW.fwd("method"), "edgeweave; fwd=method"),
                Arguments.of(EW.fwd("vary-miss"), "edgeweave; fwd=vary-miss"),
                Arguments.of(EW.fwd("uri-miss").collapsed(), "edgeweave; fwd=uri-miss; collapsed"),
                Arguments.of(EW.hit().ttl(-5), "edgeweave; hit; ttl=-5"),
                Arguments.of(EW.stored().fwdStatus(200).fwd("miss"), "edgeweave; fwd=miss; fwd-status=200; stored"),
                Arguments.of(EW.fwd("miss").fwd("request"), "edgeweave; fwd=request"),
                Arguments.of(EW.hit().detail("say \"hi\" \\ ok"), "edgeweave; hit; detail=\"say \\\"hi\\\" \\\\ ok\""),
                Arguments.of(EW.hit().detail("café\n"), "edgeweave; hit; detail=\"caf??\""),
                Arguments.of(EW.hit().key("demo.cdn.test /a?b=1"), "edgeweave; hit; key=\"demo.cdn.test /a?b=1\""),
                Arguments.of(CacheStatus.of("node 7").hit(), "\"node 7\"; hit"),
                Arguments.of(CacheStatus.of("1node").hit(), "\"1node\"; hit"),
                Arguments.of(CacheStatus.of("EdgeWeave-1.node:x/y").hit(), "EdgeWeave-1.node:x/y; hit"),
                Arguments.of(EW, "edgeweave"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("members")
    void serializes_rfc_9211_members(CacheStatus member, String expected) {
        assertThat(member.toString()).isEqualTo(expected);
    }

    @Test
    void builders_are_immutable() {
        CacheStatus base = CacheStatus.of("edgeweave");
        base.hit().ttl(5).stored();
        assertThat(base.toString()).isEqualTo("edgeweave");
    }

    @Test
    void refuses_unknown_fwd_statuses_out_of_range_and_bad_names() {
        assertThatThrownBy(() -> EW.fwd("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("fwd: \"nope\" (expected: one of");
        assertThatThrownBy(() -> EW.fwdStatus(99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fwdStatus: 99 (expected: 100..599)");
        assertThatThrownBy(() -> EW.fwdStatus(600)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CacheStatus.of("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cacheName: \"\" (expected: a non-empty name)");
        assertThatThrownBy(() -> CacheStatus.of("é")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: printable ASCII");
        assertThatThrownBy(() -> EW.ttl(1_000_000_000_000_000L)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appends_to_upstream_cache_status() {
        assertThat(CacheStatus.append(null, "edgeweave; hit")).isEqualTo("edgeweave; hit");
        assertThat(CacheStatus.append("", "edgeweave; hit")).isEqualTo("edgeweave; hit");
        assertThat(CacheStatus.append("OriginCache; hit ", "edgeweave; fwd=uri-miss"))
                .isEqualTo("OriginCache; hit, edgeweave; fwd=uri-miss");
    }
}
