package dev.edgeweave.proof.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.verify.CapLedger;
import dev.edgeweave.proof.verify.ClaimVerifier;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.TokenId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A claim over a million receipts: built (sort, hash, sign), then checked the way the tracker
 * does (decode, node signature, window, caps) and the way an auditor re-derives the root from
 * the leaves. Receipts carry dummy signatures: the builder does not re-verify them. Timing is
 * logged, not asserted (the JMH benchmark {@code ReceiptVerifyBenchmark} measures it).
 */
class ClaimAtScaleTest {

    private static final Logger log = LoggerFactory.getLogger(ClaimAtScaleTest.class);
    private static final int N = 1_000_000;

    /** {@code n} receipts for distinct random tokens to NODE in EPOCH, with zero signatures. */
    public static List<SignedReceipt> unsignedReceipts(int n, long seed) throws DecodeException {
        SplittableRandom random = new SplittableRandom(seed);
        List<SignedReceipt> out = new ArrayList<>(n);
        byte[] id = new byte[16];
        for (int i = 0; i < n; i++) {
            ByteBuffer.wrap(id).putLong(random.nextLong()).putInt(i).putInt(random.nextInt());
            Receipt r = new Receipt(TokenId.of(id), Fixtures.NODE.publicKey(), Fixtures.EPOCH, 1 + random.nextInt(1000),
                    random.nextLong(1L << 32), Fixtures.T0 + 100_000);
            out.add(SignedReceipt.decode(Arrays.copyOf(r.encodeBody(), SignedReceipt.LENGTH)));
        }
        return out;
    }

    @Test
    void builds_and_verifies_a_claim_over_a_million_receipts() throws Exception {
        List<SignedReceipt> receipts = unsignedReceipts(N, 1);
        long t0 = System.nanoTime();
        BuiltClaim built = ClaimBuilder.build(Fixtures.NODE, Fixtures.EPOCH, receipts, id -> OptionalLong.of(1L << 40));
        long t1 = System.nanoTime();
        byte[] wire = built.signedClaim().encoded();

        long t2 = System.nanoTime();
        ClaimVerifier.Result checked = new ClaimVerifier(Fixtures.SCHEDULE)
                .check(wire, Fixtures.NODE.publicKey(), Fixtures.claimTime());
        CapLedger.Result caps = CapLedger.check(checked.claim().claim(), id -> 0L);
        long t3 = System.nanoTime();
        // An auditor holding all leaves re-derives the root.
        byte[] leaves = new byte[N * SignedReceipt.LENGTH];
        for (int i = 0; i < N; i++) {
            built.leaves().get(i).copyTo(leaves, i * SignedReceipt.LENGTH);
        }
        long t4 = System.nanoTime();
        byte[] root = MerkleTree.buildFixed(leaves, SignedReceipt.LENGTH, N).root();
        long t5 = System.nanoTime();

        assertThat(checked.verdict().isAccepted()).isTrue();
        assertThat(caps.withinCaps()).isTrue();
        assertThat(root).isEqualTo(checked.claim().claim().merkleRoot());
        assertThat(wire).hasSize(86 + 32 * N + 64);
        SignedClaim claim = checked.claim();
        AuditChallenge c = AuditChallenge.forClaim(claim, Fixtures.fill(9), 30);
        AuditResponse response = built.respond(c, id -> java.util.Optional.of(Fixtures.signedToken(0)));
        for (AuditItem item : response.items()) {
            assertThat(item.proof().siblingCount()).isEqualTo(20);
            assertThat(item.proof().verifies(claim.claim().merkleRoot(), item.receipt().encoded())).isTrue();
        }
        log.info("1,000,000 receipts: build {} ms, tracker check {} ms, root re-derivation {} ms",
                (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000, (t5 - t4) / 1_000_000);
    }
}
