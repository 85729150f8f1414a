package dev.edgeweave.cache.policy;

import static dev.edgeweave.cache.policy.H.h;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReprDigestTest {

    /** SHA-256 of "hello world". */
    private static final String HELLO_HEX = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    private static final String HELLO_B64 = "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=";

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # Repr-Digest lines (HELLO = base64 of sha-256("hello world"))  | sha-256 hex, or 'problem: <why>'
            sha-256=:HELLO:                                      | b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
            sha-512=:AAAA:, sha-256=:HELLO:                      | b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
            sha-256=:HELLO:;p=1                                  | b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
            Repr-Digest: sha-512=:AAAA: && Repr-Digest: sha-256=:HELLO: | b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9
            sha-512=:AAAA:                                       | problem: no sha-256
            sha-256=:AAAA:                                       | problem: sha-256 has 3 bytes (expected: 32)
            sha-256="HELLO"                                      | problem: sha-256 is not a byte sequence
            sha-256=(:HELLO:)                                    | problem: sha-256 is not a byte sequence
            sha-256=:not base64!:                                | problem: malformed: bad base64 character ' ' in byte sequence at offset 9
            sha-256=:HELLO                                       | problem: malformed: unterminated byte sequence at offset 9
            SHA-256=:HELLO:                                      | problem: malformed: expected a key (lower case letter or '*') at offset 0
            'sha-256=:HELLO:,'                                   | problem: malformed: trailing comma at offset 55
            """)
    void reads_the_sha_256_member_of_repr_digest(String cell, String expected) {
        String lines = cell.replace("HELLO", HELLO_B64);
        MapHeaders headers = lines.startsWith("Repr-Digest:") ? h(lines) : MapHeaders.of("Repr-Digest", lines);
        if (expected.startsWith("problem: ")) {
            assertThat(ReprDigest.sha256(headers)).isEmpty();
            assertThat(ReprDigest.problem(headers)).hasValue(expected.substring("problem: ".length()));
        } else {
            assertThat(ReprDigest.sha256(headers)).map(HexFormat.of()::formatHex).hasValue(expected);
            assertThat(ReprDigest.problem(headers)).isEmpty();
        }
    }

    @Test
    void absent_field_has_no_digest_and_no_problem() {
        assertThat(ReprDigest.sha256(MapHeaders.empty())).isEmpty();
        assertThat(ReprDigest.problem(MapHeaders.empty())).isEmpty();
    }

    @Test
    void formats_and_parses_back() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest("hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(d)).isEqualTo(HELLO_HEX);
        String v = ReprDigest.format(d);
        assertThat(v).isEqualTo("sha-256=:" + HELLO_B64 + ":");
        assertThat(ReprDigest.sha256(MapHeaders.of("repr-digest", v))).hasValueSatisfying(x -> assertThat(x).isEqualTo(d));
    }

    @Test
    void refuses_to_format_a_digest_of_the_wrong_length() {
        assertThatThrownBy(() -> ReprDigest.format(new byte[20])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sha256: 20 bytes (expected: 32)");
    }
}
