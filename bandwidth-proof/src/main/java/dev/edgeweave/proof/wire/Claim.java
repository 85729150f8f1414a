package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Sha256;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The content of an epoch claim: node {@code node} claims that, during {@code epoch}, viewers
 * signed receipts for the listed (token, bytes) entries, and commits to those receipts with a
 * Merkle root over the encoded signed receipts in the same order as the entries (ascending token
 * id, each token at most once).
 *
 * <p>Entries are held in one flat array (32 bytes each), so a claim over a million sessions stays
 * compact. Encoding (version 1): {@code docs/protocol.md} §Claim.
 */
public final class Claim {

    /** Encoding version. */
    public static final int VERSION = 1;
    /** Size of the fixed part before the entries. */
    public static final int HEADER_LENGTH = 2 + 32 + 8 + 4 + 8 + 32;
    /** Most entries one claim may hold. */
    public static final int MAX_LEAVES = 1 << 22;

    private final Ed25519PublicKey node;
    private final long epoch;
    private final byte[] entries;
    private final int leafCount;
    private final long totalBytes;
    private final byte[] merkleRoot;

    private Claim(Ed25519PublicKey node, long epoch, byte[] entries, int leafCount, long totalBytes,
                  byte[] merkleRoot) {
        this.node = node;
        this.epoch = epoch;
        this.entries = entries;
        this.leafCount = leafCount;
        this.totalBytes = totalBytes;
        this.merkleRoot = merkleRoot;
    }

    /**
     * A claim over {@code entries}, which must be in strictly ascending token-id order.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static Claim of(Ed25519PublicKey node, long epoch, List<ClaimEntry> entries, byte[] merkleRoot) {
        Objects.requireNonNull(entries, "entries");
        int n = entries.size();
        byte[] flat = new byte[n * ClaimEntry.LENGTH];
        for (int i = 0; i < n; i++) {
            ClaimEntry e = entries.get(i);
            int off = i * ClaimEntry.LENGTH;
            e.tokenId().copyTo(flat, off);
            putLong(flat, off + 16, e.bytes());
            putLong(flat, off + 24, e.byteCap());
        }
        return ofFlat(node, epoch, flat, n, merkleRoot);
    }

    /**
     * A claim over entries already in wire form: {@code n} entries of {@value ClaimEntry#LENGTH}
     * bytes each (token id, bytes, byte cap), back to back, strictly ascending by token id.
     * Cheaper than {@link #of} for large claims; {@code flat} is copied.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static Claim ofFlat(Ed25519PublicKey node, long epoch, byte[] flat, int n, byte[] merkleRoot) {
        Objects.requireNonNull(node, "node");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 0)");
        }
        if (n < 1 || n > MAX_LEAVES) {
            throw new IllegalArgumentException("leafCount: " + n + " (expected: 1.." + MAX_LEAVES + ")");
        }
        Objects.requireNonNull(merkleRoot, "merkleRoot");
        if (flat.length != n * ClaimEntry.LENGTH) {
            throw new IllegalArgumentException("entries: " + flat.length + " bytes (expected: " + n + " x "
                    + ClaimEntry.LENGTH + ")");
        }
        if (merkleRoot.length != Sha256.LENGTH) {
            throw new IllegalArgumentException("merkleRoot: " + merkleRoot.length + " bytes (expected: 32)");
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            int off = i * ClaimEntry.LENGTH;
            if (i > 0 && Arrays.compareUnsigned(flat, off - ClaimEntry.LENGTH, off - ClaimEntry.LENGTH + 16,
                    flat, off, off + 16) >= 0) {
                throw new IllegalArgumentException("entries[" + i + "].tokenId: " + tokenIdAt(flat, i)
                        + " (expected: above entries[" + (i - 1) + "].tokenId " + tokenIdAt(flat, i - 1)
                        + "; strictly ascending)");
            }
            long bytes = getLong(flat, off + 16);
            if (bytes < 0) {
                throw new IllegalArgumentException("entries[" + i + "].bytes: " + bytes + " (expected: >= 0)");
            }
            long cap = getLong(flat, off + 24);
            if (cap <= 0) {
                throw new IllegalArgumentException("entries[" + i + "].byteCap: " + cap + " (expected: > 0)");
            }
            try {
                total = Math.addExact(total, bytes);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("totalBytes: overflows a signed 64-bit integer at entries[" + i + "]");
            }
        }
        return new Claim(node, epoch, flat.clone(), n, total, merkleRoot.clone());
    }

    /** The claiming node's id (public key). */
    public Ed25519PublicKey node() {
        return node;
    }

    /** The epoch claimed. */
    public long epoch() {
        return epoch;
    }

    /** Number of leaves (viewer sessions). */
    public int leafCount() {
        return leafCount;
    }

    /** Sum of all entries' bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** A copy of the Merkle root. */
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    /** Entry {@code i}. */
    public ClaimEntry entry(int i) {
        Objects.checkIndex(i, leafCount);
        int off = i * ClaimEntry.LENGTH;
        return new ClaimEntry(TokenId.of(entries, off), getLong(entries, off + 16), getLong(entries, off + 24));
    }

    /** The token id of entry {@code i}. */
    public TokenId tokenIdAt(int i) {
        Objects.checkIndex(i, leafCount);
        return TokenId.of(entries, i * ClaimEntry.LENGTH);
    }

    /** The bytes of entry {@code i}. */
    public long bytesAt(int i) {
        Objects.checkIndex(i, leafCount);
        return getLong(entries, i * ClaimEntry.LENGTH + 16);
    }

    /** The byte cap of entry {@code i}. */
    public long byteCapAt(int i) {
        Objects.checkIndex(i, leafCount);
        return getLong(entries, i * ClaimEntry.LENGTH + 24);
    }

    /** All entries as an unmodifiable list view (entries are created on access). */
    public List<ClaimEntry> entries() {
        return new AbstractList<>() {
            @Override
            public ClaimEntry get(int index) {
                return entry(index);
            }

            @Override
            public int size() {
                return leafCount;
            }
        };
    }

    /** The canonical bytes that the node signs. */
    public byte[] encodeBody() {
        Writer w = new Writer(HEADER_LENGTH + entries.length);
        w.header(StructType.CLAIM, VERSION);
        w.raw(node.bytes()).i64(epoch).u32(leafCount).i64(totalBytes).raw(merkleRoot).raw(entries);
        return w.toByteArray();
    }

    /**
     * Signs the claim with the node's key.
     *
     * @throws IllegalArgumentException if {@code nodeKey} is not this claim's node
     */
    public SignedClaim sign(Ed25519KeyPair nodeKey) {
        if (!nodeKey.publicKey().equals(node)) {
            throw new IllegalArgumentException("nodeKey: " + nodeKey.publicKey().hex() + " (expected: the claim's node "
                    + node.hex() + ")");
        }
        byte[] body = encodeBody();
        return SignedClaim.of(this, body, nodeKey.sign(body));
    }

    private static String tokenIdAt(byte[] flat, int i) {
        return TokenId.of(flat, i * ClaimEntry.LENGTH).hex();
    }

    static long getLong(byte[] b, int off) {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Claim c && c.node.equals(node) && c.epoch == epoch && c.leafCount == leafCount
                && Arrays.equals(c.merkleRoot, merkleRoot) && Arrays.equals(c.entries, entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, epoch, leafCount, Arrays.hashCode(merkleRoot));
    }

    @Override
    public String toString() {
        return "Claim[node=" + node.shortHex() + ", epoch=" + epoch + ", leaves=" + leafCount + ", totalBytes="
                + totalBytes + "]";
    }
}
