package dev.edgeweave.proof.wire;

import static dev.edgeweave.proof.Fixtures.EPOCH;
import static dev.edgeweave.proof.Fixtures.NODE;
import static dev.edgeweave.proof.Fixtures.PUBLISHER;
import static dev.edgeweave.proof.Fixtures.STRANGER;
import static dev.edgeweave.proof.Fixtures.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.ProtocolVectors;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.merkle.MerkleTree;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] b) throws DecodeException;
    }

    static SignedClaim claim() {
        List<SignedReceipt> rs = List.of(Fixtures.signedReceipt(0, 1, 100), Fixtures.signedReceipt(1, 2, 200));
        byte[] root = MerkleTree.build(List.of(rs.get(0).encoded(), rs.get(1).encoded())).root();
        return Claim.of(NODE.publicKey(), EPOCH, List.of(new ClaimEntry(Fixtures.tokenId(0), 100, 1_000_000_000L),
                new ClaimEntry(Fixtures.tokenId(1), 200, 1_000_000_000L)), root).sign(NODE);
    }

    static Stream<Arguments> structures() {
        return Stream.of(
                Arguments.of("token", Fixtures.signedToken(0).encoded(), (Decoder) SignedToken::decode),
                Arguments.of("receipt", Fixtures.signedReceipt(0, 1, 10).encoded(), (Decoder) SignedReceipt::decode),
                Arguments.of("claim", claim().encoded(), (Decoder) SignedClaim::decode),
                Arguments.of("receiptBatch", ReceiptBatch.encode(List.of(Fixtures.signedReceipt(0, 1, 10))),
                        (Decoder) ReceiptBatch::decode),
                Arguments.of("auditChallenge", ProtocolVectors.compute().get("auditChallenge"),
                        (Decoder) AuditChallenge::decode),
                Arguments.of("auditResponse", ProtocolVectors.compute().get("auditResponse"),
                        (Decoder) AuditResponse::decode));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void refuses_every_truncation_with_a_reason(String name, byte[] encoded, Decoder decoder) {
        for (int len = 0; len < encoded.length; len++) {
            byte[] cut = Arrays.copyOf(encoded, len);
            assertThatThrownBy(() -> decoder.decode(cut)).as("length %d", len)
                    .isInstanceOf(DecodeException.class).hasMessageStartingWith(name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void refuses_trailing_bytes(String name, byte[] encoded, Decoder decoder) {
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> decoder.decode(longer)).isInstanceOf(DecodeException.class)
                .hasMessageContaining(name).hasMessageMatching(".*(trailing bytes|bytes \\(expected).*");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structures")
    void refuses_unknown_version(String name, byte[] encoded, Decoder decoder) {
        byte[] v2 = encoded.clone();
        v2[1] = 2;
        assertThatThrownBy(() -> decoder.decode(v2)).isInstanceOf(DecodeException.class)
                .hasMessage(name + ".version: 2 (expected: 1)");
    }

    @Test
    void a_receipt_never_parses_as_a_token_or_claim() {
        byte[] receipt = Fixtures.signedReceipt(0, 1, 10).encoded();
        assertThatThrownBy(() -> SignedToken.decode(receipt)).hasMessage("token.type: 0x52 (expected: 0x54, token)");
        assertThatThrownBy(() -> SignedClaim.decode(receipt)).hasMessageStartingWith("claim.type: 0x52");
        byte[] token = Fixtures.signedToken(0).encoded();
        assertThatThrownBy(() -> SignedReceipt.decode(token)).hasMessageStartingWith("receipt.type: 0x54");
    }

    @Test
    void round_trips_token_and_its_header_form() throws Exception {
        SignedToken t = Fixtures.signedToken(3);
        assertThat(SignedToken.decode(t.encoded())).isEqualTo(t);
        assertThat(SignedToken.decode(t.encoded()).token()).isEqualTo(t.token());
        assertThat(t.toHeaderValue()).doesNotContain("=", "+", "/");
        assertThat(SignedToken.fromHeaderValue(t.toHeaderValue())).isEqualTo(t);
        assertThat(t.encoded()).hasSize(SignedToken.LENGTH).hasSize(170);
        assertThatCode(t::verify).doesNotThrowAnyException();
        assertThatThrownBy(() -> SignedToken.fromHeaderValue("%%%")).hasMessageContaining("not base64url");
        assertThatThrownBy(() -> SignedToken.fromHeaderValue(null)).hasMessageContaining("missing");
    }

    @Test
    void round_trips_receipt_claim_and_batch() throws Exception {
        SignedReceipt r = Fixtures.signedReceipt(2, 9, 12345);
        assertThat(SignedReceipt.decode(r.encoded())).isEqualTo(r);
        assertThat(SignedReceipt.decode(r.encoded()).receipt()).isEqualTo(r.receipt());
        assertThat(r.encoded()).hasSize(146);
        SignedClaim c = claim();
        SignedClaim back = SignedClaim.decode(c.encoded());
        assertThat(back).isEqualTo(c);
        assertThat(back.claim()).isEqualTo(c.claim());
        assertThat(back.claim().totalBytes()).isEqualTo(300);
        assertThat(back.claim().entries()).containsExactlyElementsOf(c.claim().entries());
        assertThat(back.digest()).isEqualTo(c.digest());
        List<SignedReceipt> batch = List.of(r, Fixtures.signedReceipt(3, 1, 1));
        assertThat(ReceiptBatch.decode(ReceiptBatch.encode(batch))).isEqualTo(batch);
    }

    @Test
    void every_tampered_byte_of_a_signed_receipt_fails_closed() throws Exception {
        byte[] enc = Fixtures.signedReceipt(0, 1, 10).encoded();
        for (int i = 2; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= 0x01;
            SignedReceipt decoded;
            try {
                decoded = SignedReceipt.decode(t);
            } catch (DecodeException e) {
                continue; // e.g. a negative field: refused with a reason, fine
            }
            SignedReceipt d = decoded;
            assertThatThrownBy(() -> d.verify(VIEWER.publicKey())).as("byte %d", i)
                    .isInstanceOf(SignatureException.class).hasMessageContaining("bad viewer signature");
        }
    }

    @Test
    void tampered_token_claim_and_wrong_keys_fail_closed() throws Exception {
        byte[] tok = Fixtures.signedToken(0).encoded();
        tok[100] ^= 0x40; // byte cap
        SignedToken tampered = SignedToken.decode(tok);
        assertThatThrownBy(tampered::verify).isInstanceOf(SignatureException.class)
                .hasMessageContaining("bad publisher signature");
        // A token that names PUBLISHER but is signed by a stranger.
        byte[] body = Fixtures.token(0).encodeBody();
        byte[] forged = Arrays.copyOf(body, SignedToken.LENGTH);
        System.arraycopy(STRANGER.sign(body), 0, forged, body.length, 64);
        assertThatThrownBy(() -> SignedToken.decode(forged).verify()).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> Fixtures.token(0).sign(STRANGER)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: the token's publisher");

        byte[] claim = claim().encoded();
        claim[40] ^= 0x01; // epoch
        assertThatThrownBy(() -> SignedClaim.decode(claim).verify()).isInstanceOf(SignatureException.class)
                .hasMessageContaining("bad node signature");
        SignedReceipt r = Fixtures.signedReceipt(0, 1, 10);
        assertThatThrownBy(() -> r.verify(PUBLISHER.publicKey())).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> r.verify(Fixtures.signedToken(1))).isInstanceOf(SignatureException.class)
                .hasMessageContaining("checked against token");
    }

    @Test
    void refuses_out_of_range_fields_by_name() {
        byte[] r = Fixtures.signedReceipt(0, 1, 10).encoded();
        Arrays.fill(r, 58, 66, (byte) 0); // serial 0
        assertThatThrownBy(() -> SignedReceipt.decode(r)).hasMessage("receipt.serial: 0 (expected: >= 1)");
        byte[] t = Fixtures.signedToken(0).encoded();
        Arrays.fill(t, 90, 98, (byte) 0); // expires 0 < notBefore
        assertThatThrownBy(() -> SignedToken.decode(t)).hasMessageStartingWith("token.expiresMillis: 0 (expected: >");
        assertThatThrownBy(() -> new Receipt(Fixtures.tokenId(0), NODE.publicKey(), -1, 1, 0, 0))
                .hasMessage("epoch: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new ViewerToken(PUBLISHER.publicKey(), VIEWER.publicKey(), Fixtures.tokenId(0), 0, 1, 0))
                .hasMessage("byteCap: 0 (expected: > 0)");
    }

    @Test
    void refuses_claims_with_unsorted_entries_or_wrong_totals() {
        byte[] c = claim().encoded();
        // Swap the two entries' token ids: no longer ascending.
        byte[] swapped = c.clone();
        System.arraycopy(c, Claim.HEADER_LENGTH, swapped, Claim.HEADER_LENGTH + 32, 16);
        System.arraycopy(c, Claim.HEADER_LENGTH + 32, swapped, Claim.HEADER_LENGTH, 16);
        assertThatThrownBy(() -> SignedClaim.decode(swapped))
                .hasMessageStartingWith("claim.entries[1].tokenId").hasMessageContaining("strictly ascending");
        byte[] total = c.clone();
        total[53] ^= 0x01;
        assertThatThrownBy(() -> SignedClaim.decode(total))
                .hasMessage("claim.totalBytes: 301 (expected: sum of entries 300)");
        byte[] count = c.clone();
        count[45] = 3;
        assertThatThrownBy(() -> SignedClaim.decode(count)).hasMessageContaining("claim: 214 bytes (expected: 246 for leafCount 3)");
        byte[] empty = c.clone();
        empty[45] = 0;
        assertThatThrownBy(() -> SignedClaim.decode(empty)).hasMessageStartingWith("claim.leafCount: 0 (expected: 1..");
    }

    @Test
    void refuses_oversized_batches() {
        byte[] b = ReceiptBatch.encode(List.of());
        b[5] = (byte) 0xff;
        b[4] = 0x7f;
        assertThatThrownBy(() -> ReceiptBatch.decode(b)).hasMessageStartingWith("receiptBatch.count:");
    }
}
