package dev.edgeweave.proof.merkle;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.crypto.Sha256;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An inclusion proof: the sibling hashes from leaf {@code index} up to the root of a
 * {@link MerkleTree} of {@code leafCount} leaves, lowest first. A level where the path node is a
 * promoted last node contributes no sibling, so the number of siblings is a function of
 * {@code (index, leafCount)} — {@link #expectedSiblings(int, int)} — and a proof with any other
 * count never verifies.
 *
 * <p>Wire form (inside an audit response): u8 sibling count, then 32 bytes per sibling.
 */
public final class MerkleProof {

    private static final int H = Sha256.LENGTH;

    private final int index;
    private final int leafCount;
    private final byte[] siblings;

    MerkleProof(int index, int leafCount, byte[] siblings) {
        this.index = index;
        this.leafCount = leafCount;
        this.siblings = siblings;
    }

    /**
     * A proof from its parts.
     *
     * @param siblings concatenated 32-byte sibling hashes, lowest level first
     * @throws IllegalArgumentException on an index outside the tree or a ragged siblings array
     */
    public static MerkleProof of(int index, int leafCount, byte[] siblings) {
        if (leafCount < 1) {
            throw new IllegalArgumentException("leafCount: " + leafCount + " (expected: >= 1)");
        }
        if (index < 0 || index >= leafCount) {
            throw new IllegalArgumentException("index: " + index + " (expected: 0.." + (leafCount - 1) + ")");
        }
        Objects.requireNonNull(siblings, "siblings");
        if (siblings.length % H != 0) {
            throw new IllegalArgumentException("siblings: " + siblings.length + " bytes (expected: a multiple of 32)");
        }
        return new MerkleProof(index, leafCount, siblings.clone());
    }

    /** The number of siblings a valid proof for {@code index} in a tree of {@code leafCount} leaves has. */
    public static int expectedSiblings(int index, int leafCount) {
        int count = 0;
        for (int idx = index, m = leafCount; m > 1; idx >>>= 1, m = (m + 1) >>> 1) {
            if ((idx ^ 1) < m) {
                count++;
            }
        }
        return count;
    }

    /** The leaf's position. */
    public int index() {
        return index;
    }

    /** The size of the tree the proof is for. */
    public int leafCount() {
        return leafCount;
    }

    /** Number of sibling hashes. */
    public int siblingCount() {
        return siblings.length / H;
    }

    /** A copy of sibling {@code i} (0 = lowest level). */
    public byte[] sibling(int i) {
        Objects.checkIndex(i, siblingCount());
        return Arrays.copyOfRange(siblings, i * H, (i + 1) * H);
    }

    /**
     * Whether {@code leaf} sits at {@link #index()} of a tree whose root is {@code root}. Returns
     * false (never throws) on any mismatch, including a wrong sibling count.
     */
    public boolean verifies(byte[] root, byte[] leaf) {
        if (root == null || root.length != H || leaf == null) {
            return false;
        }
        byte[] computed = computeRoot(leaf);
        return computed != null && MessageDigest.isEqual(computed, root);
    }

    /** The root that {@code leaf} and these siblings lead to; {@code null} if the sibling count is wrong. */
    public byte[] computeRoot(byte[] leaf) {
        if (siblingCount() != expectedSiblings(index, leafCount)) {
            return null;
        }
        MessageDigest md = Sha256.newDigest();
        byte[] h = new byte[H];
        MerkleTree.leafHash(md, leaf, h, 0);
        int used = 0;
        for (int idx = index, m = leafCount; m > 1; idx >>>= 1, m = (m + 1) >>> 1) {
            int sibling = idx ^ 1;
            if (sibling >= m) {
                continue; // promoted: this level has no sibling for us
            }
            md.update(MerkleTree.NODE_PREFIX);
            if ((idx & 1) == 0) {
                md.update(h);
                md.update(siblings, used * H, H);
            } else {
                md.update(siblings, used * H, H);
                md.update(h);
            }
            MerkleTree.digestInto(md, h, 0);
            used++;
        }
        return h;
    }

    /** Writes the wire form: u8 count, then the siblings. */
    public void writeTo(Writer w) {
        w.u8(siblingCount()).raw(siblings);
    }

    /**
     * Reads the wire form for leaf {@code index} of a tree of {@code leafCount} leaves.
     *
     * @throws DecodeException if the count is impossible for that position or the input is short
     */
    public static MerkleProof read(Reader r, String field, int index, int leafCount) throws DecodeException {
        int count = r.u8(field + ".siblingCount");
        int expected = expectedSiblings(index, leafCount);
        if (count != expected) {
            throw r.fail(field + ".siblingCount", count + " (expected: " + expected + " for leaf " + index + " of "
                    + leafCount + ")");
        }
        return new MerkleProof(index, leafCount, r.raw(count * H, field + ".siblings"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleProof p && p.index == index && p.leafCount == leafCount
                && Arrays.equals(p.siblings, siblings);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * index + leafCount) + Arrays.hashCode(siblings);
    }

    @Override
    public String toString() {
        return "MerkleProof[index=" + index + ", leafCount=" + leafCount + ", siblings="
                + HexFormat.of().formatHex(siblings) + "]";
    }
}
