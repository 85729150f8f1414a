package dev.edgeweave.proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.verify.AuditVerifier;
import dev.edgeweave.proof.verify.ClaimVerifier;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The test vectors printed in docs/protocol.md match this implementation byte for byte, decode
 * back to the same structures, and verify.
 */
class ProtocolVectorsTest {

    private static final Pattern VECTOR = Pattern.compile(
            "<!-- vector: ([^ ]+) -->\\s*\\n`[^`]*` \\((\\d+) bytes\\)\\s*\\n```text\\n(.*?)\\n```", Pattern.DOTALL);
    private static final HexFormat HEX = HexFormat.of();

    private static Map<String, String> documented;

    @BeforeAll
    static void readDocs() throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/protocol.md").normalize();
        String text = Files.readString(doc);
        documented = new LinkedHashMap<>();
        Matcher m = VECTOR.matcher(text);
        while (m.find()) {
            documented.put(m.group(1), m.group(3).replaceAll("\\s+", ""));
        }
    }

    private static byte[] doc(String name) {
        String v = documented.get(name);
        assertThat(v).as("vector %s in docs/protocol.md", name).isNotNull();
        return HEX.parseHex(v);
    }

    @Test
    void docs_hold_exactly_the_vectors_this_implementation_produces() {
        Map<String, byte[]> computed = ProtocolVectors.compute();
        assertThat(documented.keySet()).containsExactlyElementsOf(computed.keySet());
        for (Map.Entry<String, byte[]> e : computed.entrySet()) {
            String expected = ProtocolVectors.format(e.getKey(), e.getValue()).replaceAll("\\s+", "");
            assertThat(documented.get(e.getKey())).as(e.getKey()).isEqualTo(expected);
        }
    }

    @Test
    void documented_keys_derive_from_documented_seeds() {
        for (String who : new String[] {"publisher", "viewer", "node"}) {
            assertThat(Ed25519KeyPair.fromSeed(doc(who + ".seed")).publicKey())
                    .isEqualTo(Ed25519PublicKey.of(doc(who + ".public")));
        }
    }

    @Test
    void documented_structures_decode_and_verify() throws Exception {
        SignedToken token = SignedToken.decode(doc("token.signed"));
        token.verify();
        assertThat(token.token().encodeBody()).isEqualTo(doc("token.body"));
        assertThat(SignedToken.fromHeaderValue(documented.get("token.header"))).isEqualTo(token);

        SignedReceipt receipt = SignedReceipt.decode(doc("receipt.signed"));
        receipt.verify(token);
        assertThat(receipt.receipt().encodeBody()).isEqualTo(doc("receipt.body"));
        assertThat(ReceiptBatch.decode(doc("receiptBatch"))).containsExactly(receipt);

        SignedClaim claim = SignedClaim.decode(doc("claim.signed"));
        assertThat(claim.digest()).isEqualTo(doc("claim.digest"));
        assertThat(claim.claim().merkleRoot()).isEqualTo(doc("claim.root"));
        assertThat(new ClaimVerifier(Fixtures.SCHEDULE).verify(claim, Fixtures.NODE.publicKey(), Fixtures.claimTime())
                .isAccepted()).isTrue();

        AuditChallenge challenge = AuditChallenge.decode(doc("auditChallenge"));
        assertThat(challenge.indexes()).containsExactly(0, 2);
        AuditResponse response = AuditResponse.decode(doc("auditResponse"));
        assertThat(new AuditVerifier(Fixtures.SCHEDULE, Fixtures.PUBLISHERS).verify(claim, challenge, response)
                .isAccepted()).isTrue();
    }
}
