package dev.edgeweave.proof.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.proof.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(("leaf-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** RFC 6962 §2.1 recursive definition: split at the largest power of two below n. */
    private static byte[] rfc6962Root(List<byte[]> leaves) {
        MessageDigest md = Sha256.newDigest();
        if (leaves.size() == 1) {
            md.update((byte) 0);
            md.update(leaves.get(0));
            return md.digest();
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        byte[] l = rfc6962Root(leaves.subList(0, k));
        byte[] r = rfc6962Root(leaves.subList(k, leaves.size()));
        md.update((byte) 1);
        md.update(l);
        md.update(r);
        return md.digest();
    }

    @Test
    void same_root_as_rfc6962_and_every_proof_verifies_for_sizes_1_to_70() {
        for (int n = 1; n <= 70; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleTree tree = MerkleTree.build(leaves);
            assertThat(tree.root()).as("n=%d", n).isEqualTo(rfc6962Root(leaves));
            for (int i = 0; i < n; i++) {
                MerkleProof p = tree.proof(i);
                assertThat(p.siblingCount()).isEqualTo(MerkleProof.expectedSiblings(i, n));
                assertThat(p.verifies(tree.root(), leaves.get(i))).as("n=%d i=%d", n, i).isTrue();
                assertThat(p.verifies(tree.root(), leaves.get((i + 1) % n))).as("n=%d i=%d other leaf", n, i)
                        .isEqualTo(n == 1);
            }
        }
    }

    @Test
    void single_leaf_root_is_its_leaf_hash() {
        byte[] leaf = {1, 2, 3};
        assertThat(MerkleTree.rootOf(List.of(leaf))).isEqualTo(MerkleTree.leafHash(leaf));
        assertThat(MerkleTree.build(List.of(leaf)).proof(0).siblingCount()).isZero();
    }

    @Test
    void leaf_and_node_hashes_are_domain_separated() {
        // A two-leaf tree's root must not equal the leaf hash of the concatenated leaf hashes.
        List<byte[]> two = leaves(2);
        MerkleTree t = MerkleTree.build(two);
        byte[] concat = new byte[64];
        System.arraycopy(t.leafHashAt(0), 0, concat, 0, 32);
        System.arraycopy(t.leafHashAt(1), 0, concat, 32, 32);
        assertThat(t.root()).isNotEqualTo(MerkleTree.leafHash(concat));
        // and an inner node cannot be presented as a leaf of a smaller tree
        assertThat(MerkleTree.build(leaves(4)).root()).isNotEqualTo(MerkleTree.rootOf(List.of(concat, concat)));
    }

    @ParameterizedTest
    @CsvSource({"5,0", "5,4", "7,3", "8,7", "1000,999", "1000,512"})
    void tampered_sibling_index_or_count_does_not_verify(int n, int i) {
        List<byte[]> leaves = leaves(n);
        MerkleTree tree = MerkleTree.build(leaves);
        MerkleProof p = tree.proof(i);
        byte[] root = tree.root();
        byte[] sib = new byte[p.siblingCount() * 32];
        for (int s = 0; s < p.siblingCount(); s++) {
            System.arraycopy(p.sibling(s), 0, sib, s * 32, 32);
        }
        for (int s = 0; s < p.siblingCount(); s++) {
            byte[] bad = sib.clone();
            bad[s * 32 + 5] ^= 1;
            assertThat(MerkleProof.of(i, n, bad).verifies(root, leaves.get(i))).isFalse();
        }
        assertThat(MerkleProof.of((i + 1) % n, n, sib).verifies(root, leaves.get(i))).isFalse();
        assertThat(MerkleProof.of(i, n, Arrays.copyOf(sib, sib.length + 32)).verifies(root, leaves.get(i))).isFalse();
        assertThat(MerkleProof.of(i, n, sib).verifies(new byte[32], leaves.get(i))).isFalse();
        assertThat(MerkleProof.of(i, n, sib).verifies(root, null)).isFalse();
    }

    @Test
    void root_of_three_ascii_leaves_matches_the_documented_vector() {
        // docs/protocol.md vector merkle.root(a,b,c), also re-derived by check_vectors.py.
        byte[] root = MerkleTree.rootOf(List.of("a".getBytes(StandardCharsets.US_ASCII),
                "b".getBytes(StandardCharsets.US_ASCII), "c".getBytes(StandardCharsets.US_ASCII)));
        assertThat(HexFormat.of().formatHex(root))
                .isEqualTo("36642e73c2540ab121e3a6bf9545b0a24982cd830eb13d3cd19de3ce6c021ec1");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refuses_empty_trees(int n) {
        assertThatThrownBy(() -> MerkleTree.buildFixed(new byte[0], 1, n)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("leaves: " + n + " (expected: 1..");
    }

    @Test
    void fixed_width_build_matches_list_build() {
        byte[] flat = new byte[37 * 10];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = (byte) (i * 7);
        }
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 37; i++) {
            list.add(Arrays.copyOfRange(flat, i * 10, i * 10 + 10));
        }
        assertThat(MerkleTree.buildFixed(flat, 10, 37).root()).isEqualTo(MerkleTree.build(list).root());
    }
}
