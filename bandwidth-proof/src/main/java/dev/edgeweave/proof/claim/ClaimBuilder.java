package dev.edgeweave.proof.claim;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.TokenId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Builds a node's epoch claim from its latest receipts (edge side). Sorts the receipts by token
 * id (radix sort, {@link TokenOrder}), hashes their encoded bytes into a {@link MerkleTree}, writes the (token, bytes, cap)
 * entries, and signs. Does not re-verify receipt signatures (the store checked them on intake):
 * the cost is hashing, about a second for a million receipts.
 */
public final class ClaimBuilder {

    private ClaimBuilder() {}

    /**
     * Builds and signs the claim for {@code epoch}.
     *
     * @param nodeKey the node's key
     * @param epoch the epoch
     * @param receipts the latest receipt per token for that epoch, any order
     * @param byteCaps the byte cap of each receipt's token (e.g. {@code ReceiptStore::byteCap})
     * @throws IllegalArgumentException if a receipt is for another node or epoch, a token appears
     *     twice, a cap is unknown, or there are no receipts
     */
    public static BuiltClaim build(Ed25519KeyPair nodeKey, long epoch, Collection<SignedReceipt> receipts,
                                   Function<TokenId, OptionalLong> byteCaps) {
        Ed25519PublicKey node = nodeKey.publicKey();
        int n = receipts.size();
        if (n == 0) {
            throw new IllegalArgumentException("receipts: 0 (expected: at least one to claim)");
        }
        List<SignedReceipt> input = new ArrayList<>(receipts);
        long[] hi = new long[n];
        long[] lo = new long[n];
        byte[] id = new byte[TokenId.LENGTH];
        for (int i = 0; i < n; i++) {
            input.get(i).receipt().tokenId().copyTo(id, 0);
            hi[i] = getLong(id, 0);
            lo[i] = getLong(id, 8);
        }
        int[] order = TokenOrder.sort(hi, lo);
        List<SignedReceipt> sorted = new ArrayList<>(n);
        for (int i : order) {
            sorted.add(input.get(i));
        }
        byte[] leaves = new byte[n * SignedReceipt.LENGTH];
        byte[] entries = new byte[n * ClaimEntry.LENGTH];
        TokenId prev = null;
        for (int i = 0; i < n; i++) {
            SignedReceipt sr = sorted.get(i);
            Receipt r = sr.receipt();
            if (!r.node().equals(node)) {
                throw new IllegalArgumentException("receipts[" + i + "].node: " + r.node().hex() + " (expected: "
                        + node.hex() + ")");
            }
            if (r.epoch() != epoch) {
                throw new IllegalArgumentException("receipts[" + i + "].epoch: " + r.epoch() + " (expected: " + epoch
                        + ")");
            }
            if (r.tokenId().equals(prev)) {
                throw new IllegalArgumentException("receipts: token " + r.tokenId()
                        + " appears twice (expected: only the latest receipt per token)");
            }
            prev = r.tokenId();
            OptionalLong cap = byteCaps.apply(r.tokenId());
            if (cap.isEmpty()) {
                throw new IllegalArgumentException("byteCaps: no cap for token " + r.tokenId());
            }
            sr.copyTo(leaves, i * SignedReceipt.LENGTH);
            int off = i * ClaimEntry.LENGTH;
            r.tokenId().copyTo(entries, off);
            putLong(entries, off + 16, r.bytes());
            putLong(entries, off + 24, cap.getAsLong());
        }
        MerkleTree tree = MerkleTree.buildFixed(leaves, SignedReceipt.LENGTH, n);
        Claim claim = Claim.ofFlat(node, epoch, entries, n, tree.root());
        SignedClaim signed = claim.sign(nodeKey);
        return new BuiltClaim(signed, tree, sorted);
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }
}
