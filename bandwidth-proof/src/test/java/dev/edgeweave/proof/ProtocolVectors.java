package dev.edgeweave.proof;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The hex test vectors of docs/protocol.md, computed from {@link Fixtures}. Run {@link #main} to
 * print the markdown vector section after a deliberate format change.
 */
public final class ProtocolVectors {

    private ProtocolVectors() {}

    /** Receipts of the vector claim: tokens 0, 1, 2 with (serial, bytes). */
    static List<SignedReceipt> claimReceipts() {
        return List.of(Fixtures.signedReceipt(2, 12, 262_144), Fixtures.signedReceipt(0, 7, 5_242_880),
                Fixtures.signedReceipt(1, 3, 1_048_576));
    }

    /** Every vector by name, in document order. */
    public static Map<String, byte[]> compute() {
        Map<String, byte[]> v = new LinkedHashMap<>();
        put(v, "publisher", Fixtures.PUBLISHER, 0x11);
        put(v, "viewer", Fixtures.VIEWER, 0x22);
        put(v, "node", Fixtures.NODE, 0x33);
        SignedToken token = Fixtures.signedToken(0);
        v.put("token.body", Fixtures.token(0).encodeBody());
        v.put("token.signed", token.encoded());
        v.put("token.header", token.toHeaderValue().getBytes(StandardCharsets.US_ASCII));
        v.put("receipt.body", Fixtures.receipt(0, 7, 5_242_880).encodeBody());
        v.put("receipt.signed", Fixtures.signedReceipt(0, 7, 5_242_880).encoded());
        v.put("receiptBatch", ReceiptBatch.encode(List.of(Fixtures.signedReceipt(0, 7, 5_242_880))));
        v.put("merkle.root(a,b,c)", MerkleTree.rootOf(List.of(ascii("a"), ascii("b"), ascii("c"))));
        BuiltClaim built = ClaimBuilder.build(Fixtures.NODE, Fixtures.EPOCH, claimReceipts(),
                id -> OptionalLong.of(1_000_000_000L));
        for (int i = 0; i < 3; i++) {
            v.put("claim.leafHash[" + i + "]", built.tree().leafHashAt(i));
        }
        v.put("claim.root", built.signedClaim().claim().merkleRoot());
        v.put("claim.signed", built.signedClaim().encoded());
        v.put("claim.digest", built.signedClaim().digest());
        AuditChallenge challenge = AuditChallenge.forClaim(built.signedClaim(), Fixtures.fill(0xbb), 2);
        v.put("auditChallenge", challenge.encode());
        AuditResponse response = built.respond(challenge, id -> Optional.of(tokenFor(id)));
        v.put("auditResponse", response.encode());
        return v;
    }

    static SignedToken tokenFor(dev.edgeweave.proof.wire.TokenId id) {
        for (int i = 0; i < 3; i++) {
            if (Fixtures.tokenId(i).equals(id)) {
                return Fixtures.signedToken(i);
            }
        }
        throw new IllegalArgumentException("no vector token " + id);
    }

    private static void put(Map<String, byte[]> v, String name, Ed25519KeyPair kp, int seedByte) {
        v.put(name + ".seed", Fixtures.fill(seedByte));
        v.put(name + ".public", kp.publicKey().bytes());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Text form of a vector: ASCII ones as-is, others as hex in lines of 64 digits. */
    public static String format(String name, byte[] value) {
        if (name.equals("token.header")) {
            return new String(value, StandardCharsets.US_ASCII);
        }
        String hex = HexFormat.of().formatHex(value);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 64) {
            sb.append(hex, i, Math.min(hex.length(), i + 64)).append('\n');
        }
        return sb.toString().strip();
    }

    /** Prints the vector section of docs/protocol.md. */
    public static void main(String[] args) {
        for (Map.Entry<String, byte[]> e : compute().entrySet()) {
            System.out.println("<!-- vector: " + e.getKey() + " -->");
            System.out.println("`" + e.getKey() + "` (" + e.getValue().length + " bytes)");
            System.out.println("```text");
            System.out.println(format(e.getKey(), e.getValue()));
            System.out.println("```");
            System.out.println();
        }
    }
}
