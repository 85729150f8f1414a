package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HopByHopAndViaTest {

    @ParameterizedTest(name = "[{index}] {0} in {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # field name          | message headers                      | hop-by-hop
            Connection            |                                      | true
            KEEP-ALIVE            |                                      | true
            Proxy-Connection      |                                      | true
            TE                    |                                      | true
            Trailer               |                                      | true
            Transfer-Encoding     |                                      | true
            Upgrade               |                                      | true
            Proxy-Authenticate    |                                      | true
            Proxy-Authorization   |                                      | true
            X-Foo                 | Connection: close, X-Foo             | true
            x-foo                 | Connection: X-FOO                    | true
            X-Foo                 | Connection: keep-alive && Connection: x-foo | true
            X-Foo                 | Connection: close                    | false
            X-Foo                 |                                      | false
            Content-Length        |                                      | false
            Cache-Control         | Connection: close                    | false
            """)
    void recognises_hop_by_hop_fields(String name, String headers, boolean hop) {
        assertThat(HopByHop.isHopByHop(name, h(headers))).isEqualTo(hop);
    }

    @Test
    void names_lists_fixed_and_connection_fields() {
        assertThat(HopByHop.names(h("Connection: X-A, x-b"))).contains("x-a", "x-b", "te", "upgrade")
                .hasSize(HopByHop.FIXED.size() + 2);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            HTTP/1.1   | edgeweave    | 1.1 edgeweave
            1.1        | edgeweave    | 1.1 edgeweave
            http/1.1   | node-7       | 1.1 node-7
            HTTP/1.0   | edgeweave    | 1.0 edgeweave
            HTTP/2.0   | edgeweave    | 2 edgeweave
            2          | edgeweave    | 2 edgeweave
            HTTP/3.0   | edgeweave    | 3 edgeweave
            """)
    void via_names_protocol_version_and_node(String version, String node, String expected) {
        assertThat(Via.value(version, node)).isEqualTo(expected);
    }

    @Test
    void via_refuses_names_that_are_not_tokens() {
        assertThatThrownBy(() -> Via.value("1.1", "edge weave")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodeName: \"edge weave\" (expected: a non-empty token, no spaces, commas or quotes)");
        assertThatThrownBy(() -> Via.value("1.1", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Via.value("HTTP/", "edgeweave")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("protocolVersion: \"HTTP/\"");
    }

    @Test
    void via_appends_to_what_was_received() {
        assertThat(Via.append(null, "1.1 edgeweave")).isEqualTo("1.1 edgeweave");
        assertThat(Via.append(" ", "1.1 edgeweave")).isEqualTo("1.1 edgeweave");
        assertThat(Via.append("1.0 fred, 1.1 p.example.net", "1.1 edgeweave"))
                .isEqualTo("1.0 fred, 1.1 p.example.net, 1.1 edgeweave");
    }
}
