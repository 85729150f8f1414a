package dev.edgeweave.proof.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1 tests 1, 2 and 3: seed, public key, message, signature. */
    @ParameterizedTest
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a,,"
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c,72,"
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7,"
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025,af82,"
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void matches_rfc8032_test_vectors(String seed, String pub, String msg, String sig) throws Exception {
        byte[] message = msg == null ? new byte[0] : HEX.parseHex(msg);
        Ed25519KeyPair kp = Ed25519KeyPair.fromSeed(HEX.parseHex(seed));
        assertThat(kp.publicKey().hex()).isEqualTo(pub);
        assertThat(HEX.formatHex(kp.sign(message))).isEqualTo(sig);
        Ed25519PublicKey.fromHex(pub).verify(message, HEX.parseHex(sig));
    }

    @Test
    void refuses_signature_over_other_message_or_by_other_key() {
        SecureRandom random = new SecureRandom();
        Ed25519KeyPair a = Ed25519KeyPair.generate(random);
        Ed25519KeyPair b = Ed25519KeyPair.generate(random);
        byte[] msg = "receipt".getBytes(StandardCharsets.UTF_8);
        byte[] sig = a.sign(msg);
        assertThatCode(() -> a.publicKey().verify(msg, sig)).doesNotThrowAnyException();
        assertThatThrownBy(() -> b.publicKey().verify(msg, sig)).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> a.publicKey().verify("receipT".getBytes(StandardCharsets.UTF_8), sig))
                .isInstanceOf(SignatureException.class);
        byte[] flipped = sig.clone();
        flipped[63] ^= 0x01;
        assertThatThrownBy(() -> a.publicKey().verify(msg, flipped)).isInstanceOf(SignatureException.class);
    }

    @Test
    void refuses_wrong_length_and_null_signatures_with_a_reason() {
        Ed25519KeyPair a = Ed25519KeyPair.fromSeed(new byte[32]);
        assertThatThrownBy(() -> a.publicKey().verify(new byte[1], new byte[63]))
                .isInstanceOf(SignatureException.class).hasMessageContaining("63 bytes (expected: 64)");
        assertThatThrownBy(() -> a.publicKey().verify(new byte[1], (byte[]) null))
                .isInstanceOf(SignatureException.class).hasMessageContaining("signature: null");
        assertThatThrownBy(() -> a.publicKey().verify(new byte[1], new byte[64]))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void refuses_undecodable_public_key_on_verify() {
        // y = 2 is not the y coordinate of any curve point.
        byte[] bad = new byte[32];
        bad[0] = 2;
        Ed25519PublicKey key = Ed25519PublicKey.of(bad);
        assertThatThrownBy(() -> key.verify(new byte[1], new byte[64]))
                .isInstanceOf(SignatureException.class).hasMessageContaining("not a valid Ed25519 point");
    }

    @Test
    void rejects_wrong_key_and_seed_lengths() {
        assertThatThrownBy(() -> Ed25519PublicKey.of(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("publicKey: 31 bytes (expected: 32)");
        assertThatThrownBy(() -> Ed25519PublicKey.fromHex("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 hex digits (expected: 64)");
        assertThatThrownBy(() -> Ed25519PublicKey.fromHex("zz".repeat(32)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not hex");
        assertThatThrownBy(() -> Ed25519KeyPair.fromSeed(new byte[33]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("seed: 33 bytes (expected: 32)");
        assertThatThrownBy(() -> Ed25519Signature.of(new byte[65]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("signature: 65 bytes (expected: 64)");
    }

    @Test
    void keys_are_immutable_value_objects() {
        byte[] raw = Ed25519KeyPair.fromSeed(new byte[32]).publicKey().bytes();
        Ed25519PublicKey k = Ed25519PublicKey.of(raw);
        raw[0] ^= 1;
        k.bytes()[1] ^= 1;
        assertThat(k).isEqualTo(Ed25519KeyPair.fromSeed(new byte[32]).publicKey());
        assertThat(Ed25519PublicKey.fromHex(k.hex().toUpperCase())).isEqualTo(k).hasSameHashCodeAs(k);
        assertThat(Ed25519KeyPair.fromSeed(new byte[32]).toString()).doesNotContain("AAAA");
    }
}
