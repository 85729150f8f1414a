package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class ResponseTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "node0; hit; ttl=86399                        | true",
        "node0; fwd=uri-miss; collapsed               | false",
        "node0; fwd=stale; fwd-status=304             | false",
        "origin-cache; fwd=miss, node0; hit           | true",
        "node0; hit, browser; fwd=miss                | false",
        "node0;hit                                    | true",
        "node0; hitch                                 | false",
    })
    void a_hit_is_the_hit_parameter_of_the_last_cache_status_member(String value, boolean hit) {
        assertThat(Response.isHit(value.strip())).isEqualTo(hit);
    }

    @ParameterizedTest
    @NullSource
    void no_cache_status_is_no_hit(String value) {
        assertThat(Response.isHit(value)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sha-256=:%s:                          | SHA-256",
        "SHA-256 = :%s: ; ts=1                 | SHA-256",
        "md5=:AAAA:, sha-256=:%s:              | SHA-256",
        "sha-256=:%s:, sha-512=:%s:            | SHA-512",
        "sha-256=%s                            | none",
        "sha-256=:bm90IDMyIGJ5dGVz:            | none",
        "sha-256=:!!!:                         | none",
    })
    void repr_digest_picks_the_strongest_well_formed_member(String template, String algorithm) throws Exception {
        String v = template.strip().replaceFirst("%s", b64("SHA-256")).replaceFirst("%s", b64("SHA-512"));
        ReprDigests.Expected e = ReprDigests.parse(v);
        assertThat(e == null ? "none" : e.hasher().getAlgorithm()).isEqualTo(algorithm);
    }

    private static String b64(String alg) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg).digest("x".getBytes()));
    }
}
