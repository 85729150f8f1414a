package dev.edgeweave.proof.audit;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.merkle.MerkleProof;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The node's answer to an {@link AuditChallenge}: one {@link AuditItem} per challenged index, in
 * the challenge's order. Not signed: every item proves itself (viewer and publisher signatures,
 * Merkle path to the node-signed root).
 *
 * @param claimDigest the digest of the claim being audited
 * @param leafCount the claim's leaf count
 * @param items one per challenged index
 */
public record AuditResponse(byte[] claimDigest, int leafCount, List<AuditItem> items) {

    /** Media type of an encoded response in HTTP bodies. */
    public static final String CONTENT_TYPE = "application/vnd.edgeweave.audit-response";
    /** Encoding version. */
    public static final int VERSION = 1;

    /** Validates the fields and takes defensive copies. */
    public AuditResponse {
        Objects.requireNonNull(claimDigest, "claimDigest");
        if (claimDigest.length != 32) {
            throw new IllegalArgumentException("claimDigest: " + claimDigest.length + " bytes (expected: 32)");
        }
        claimDigest = claimDigest.clone();
        if (leafCount < 1) {
            throw new IllegalArgumentException("leafCount: " + leafCount + " (expected: >= 1)");
        }
        items = List.copyOf(items);
        if (items.size() > AuditChallenge.MAX_SAMPLES) {
            throw new IllegalArgumentException("items: " + items.size() + " (expected: <= "
                    + AuditChallenge.MAX_SAMPLES + ")");
        }
        for (AuditItem item : items) {
            if (item.proof().leafCount() != leafCount) {
                throw new IllegalArgumentException("items[index " + item.index() + "].proof.leafCount: "
                        + item.proof().leafCount() + " (expected: " + leafCount + ")");
            }
        }
    }

    /** A copy of the claim digest. */
    @Override
    public byte[] claimDigest() {
        return claimDigest.clone();
    }

    /** Encodes: see {@code docs/protocol.md} §Audit response. */
    public byte[] encode() {
        Writer w = new Writer(2 + 32 + 8 + items.size() * (4 + 4 + SignedReceipt.LENGTH + 4 + SignedToken.LENGTH
                + 1 + 32 * 32));
        w.header(StructType.AUDIT_RESPONSE, VERSION).raw(claimDigest).u32(leafCount).u32(items.size());
        for (AuditItem item : items) {
            w.u32(item.index());
            w.lengthPrefixed(item.receipt().encoded());
            w.lengthPrefixed(item.token().encoded());
            item.proof().writeTo(w);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a response (no signature or path checks; {@code AuditVerifier} does those).
     *
     * @throws DecodeException naming the item and field that is wrong
     */
    public static AuditResponse decode(byte[] bytes) throws DecodeException {
        Reader r = new Reader(bytes, "auditResponse");
        r.header(StructType.AUDIT_RESPONSE, VERSION);
        byte[] digest = r.raw(32, "claimDigest");
        int n = r.u32("leafCount");
        if (n < 1) {
            throw r.fail("leafCount", n + " (expected: >= 1)");
        }
        int count = r.u32("count");
        if (count > AuditChallenge.MAX_SAMPLES) {
            throw r.fail("count", count + " (expected: <= " + AuditChallenge.MAX_SAMPLES + ")");
        }
        List<AuditItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String f = "items[" + i + "]";
            int index = r.u32(f + ".index");
            if (index >= n) {
                throw r.fail(f + ".index", index + " (expected: < leafCount " + n + ")");
            }
            byte[] receiptBytes = r.lengthPrefixed(f + ".receipt", SignedReceipt.LENGTH);
            byte[] tokenBytes = r.lengthPrefixed(f + ".token", SignedToken.LENGTH);
            SignedReceipt receipt;
            SignedToken token;
            try {
                receipt = SignedReceipt.decode(receiptBytes);
                token = SignedToken.decode(tokenBytes);
            } catch (DecodeException e) {
                throw new DecodeException("auditResponse." + f + ": " + e.getMessage(), e);
            }
            MerkleProof proof = MerkleProof.read(r, f + ".proof", index, n);
            items.add(new AuditItem(index, receipt, token, proof));
        }
        r.expectEnd();
        return new AuditResponse(digest, n, items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditResponse a && Arrays.equals(a.claimDigest, claimDigest) && a.leafCount == leafCount
                && a.items.equals(items);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(claimDigest) * 31 + items.hashCode();
    }

    @Override
    public String toString() {
        return "AuditResponse[leafCount=" + leafCount + ", items=" + items.size() + "]";
    }
}
