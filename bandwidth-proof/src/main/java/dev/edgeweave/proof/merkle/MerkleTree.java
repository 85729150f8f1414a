package dev.edgeweave.proof.merkle;

import dev.edgeweave.proof.crypto.Sha256;
import java.security.DigestException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A binary SHA-256 Merkle tree with domain separation, kept whole so that it can hand out
 * inclusion proofs.
 *
 * <ul>
 *   <li>leaf hash = SHA-256(0x00 || leaf bytes)</li>
 *   <li>node hash = SHA-256(0x01 || left || right)</li>
 *   <li>a level with an odd number of nodes <em>promotes</em> its last node unchanged to the next
 *       level (it is not duplicated, so no second leaf set gives the same root). The shape is the
 *       same as RFC 6962 §2.1's.</li>
 *   <li>the root of one leaf is its leaf hash; there is no empty tree.</li>
 * </ul>
 *
 * <p>Levels are flat arrays of 32-byte hashes: about 64 bytes of memory per leaf. Pure and
 * thread-safe once built.
 */
public final class MerkleTree {

    /** Most leaves a tree may hold. */
    public static final int MAX_LEAVES = 1 << 26;

    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;
    private static final int H = Sha256.LENGTH;

    private final int leafCount;
    /** levels[0] holds the leaf hashes; the last level holds the root. */
    private final byte[][] levels;

    private MerkleTree(int leafCount, byte[][] levels) {
        this.leafCount = leafCount;
        this.levels = levels;
    }

    /** Builds the tree over {@code leaves} in the given order. */
    public static MerkleTree build(List<byte[]> leaves) {
        Objects.requireNonNull(leaves, "leaves");
        int n = leaves.size();
        checkCount(n);
        MessageDigest md = Sha256.newDigest();
        byte[] hashes = new byte[n * H];
        for (int i = 0; i < n; i++) {
            leafHash(md, leaves.get(i), hashes, i * H);
        }
        return fromLeafHashes(md, hashes, n);
    }

    /**
     * Builds the tree from leaves stored back to back: {@code n} leaves of {@code leafLength}
     * bytes each in {@code leaves}.
     */
    public static MerkleTree buildFixed(byte[] leaves, int leafLength, int n) {
        checkCount(n);
        if ((long) leafLength * n != leaves.length) {
            throw new IllegalArgumentException("leaves: " + leaves.length + " bytes (expected: " + n + " x "
                    + leafLength + ")");
        }
        MessageDigest md = Sha256.newDigest();
        byte[] hashes = new byte[n * H];
        for (int i = 0; i < n; i++) {
            md.update(LEAF_PREFIX);
            md.update(leaves, i * leafLength, leafLength);
            digestInto(md, hashes, i * H);
        }
        return fromLeafHashes(md, hashes, n);
    }

    private static MerkleTree fromLeafHashes(MessageDigest md, byte[] leafHashes, int n) {
        int depth = 1;
        for (int m = n; m > 1; m = (m + 1) >>> 1) {
            depth++;
        }
        byte[][] levels = new byte[depth][];
        levels[0] = leafHashes;
        int m = n;
        for (int l = 1; l < depth; l++) {
            byte[] below = levels[l - 1];
            int up = (m + 1) >>> 1;
            byte[] level = new byte[up * H];
            for (int i = 0; i + 1 < m; i += 2) {
                md.update(NODE_PREFIX);
                md.update(below, i * H, 2 * H);
                digestInto(md, level, (i >>> 1) * H);
            }
            if ((m & 1) == 1) {
                System.arraycopy(below, (m - 1) * H, level, (up - 1) * H, H);
            }
            levels[l] = level;
            m = up;
        }
        return new MerkleTree(n, levels);
    }

    /** The root hash of the leaves in {@code leaves}, in order. */
    public static byte[] rootOf(List<byte[]> leaves) {
        return build(leaves).root();
    }

    /** SHA-256(0x00 || leaf). */
    public static byte[] leafHash(byte[] leaf) {
        byte[] out = new byte[H];
        leafHash(Sha256.newDigest(), leaf, out, 0);
        return out;
    }

    static void leafHash(MessageDigest md, byte[] leaf, byte[] out, int offset) {
        md.update(LEAF_PREFIX);
        md.update(leaf);
        digestInto(md, out, offset);
    }

    static void digestInto(MessageDigest md, byte[] out, int offset) {
        try {
            md.digest(out, offset, H);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digest into a 32-byte slot failed", e);
        }
    }

    /** Number of leaves. */
    public int leafCount() {
        return leafCount;
    }

    /** A copy of the 32-byte root hash. */
    public byte[] root() {
        return levels[levels.length - 1].clone();
    }

    /** A copy of leaf {@code index}'s hash. */
    public byte[] leafHashAt(int index) {
        Objects.checkIndex(index, leafCount);
        return Arrays.copyOfRange(levels[0], index * H, (index + 1) * H);
    }

    /** The inclusion proof for leaf {@code index}. */
    public MerkleProof proof(int index) {
        Objects.checkIndex(index, leafCount);
        byte[] siblings = new byte[(levels.length - 1) * H];
        int count = 0;
        int idx = index;
        int m = leafCount;
        for (int l = 0; l < levels.length - 1; l++) {
            int sibling = idx ^ 1;
            if (sibling < m) {
                System.arraycopy(levels[l], sibling * H, siblings, count * H, H);
                count++;
            }
            idx >>>= 1;
            m = (m + 1) >>> 1;
        }
        return new MerkleProof(index, leafCount, Arrays.copyOf(siblings, count * H));
    }

    private static void checkCount(int n) {
        if (n < 1 || n > MAX_LEAVES) {
            throw new IllegalArgumentException("leaves: " + n + " (expected: 1.." + MAX_LEAVES + ")");
        }
    }
}
