package dev.edgeweave.proof.verify;

import static dev.edgeweave.proof.Fixtures.EPOCH;
import static dev.edgeweave.proof.Fixtures.SCHEDULE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.SignedClaim;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClaimVerifierTest {

    private final ClaimVerifier verifier = new ClaimVerifier(SCHEDULE);

    private static SignedClaim honest() {
        return new ClaimScenario(Fixtures.NODE).honest(1, 100).honest(2, 200).build().signedClaim();
    }

    @Test
    void accepts_an_honest_claim_in_its_window() {
        ClaimVerifier.Result r = verifier.check(honest().encoded(), Fixtures.NODE.publicKey(), Fixtures.claimTime());
        assertThat(r.verdict().isAccepted()).isTrue();
        assertThat(r.claim().claim().totalBytes()).isEqualTo(300);
    }

    @Test
    void refuses_bad_node_signature() {
        byte[] enc = honest().encoded();
        enc[enc.length - 1] ^= 1;
        ClaimVerifier.Result r = verifier.check(enc, Fixtures.NODE.publicKey(), Fixtures.claimTime());
        assertThat(r.verdict().codeOrNull()).isEqualTo(RejectCode.BAD_NODE_SIGNATURE);
    }

    @Test
    void refuses_claim_sent_by_another_node() {
        assertThat(verifier.verify(honest(), Fixtures.OTHER_NODE.publicKey(), Fixtures.claimTime()).codeOrNull())
                .isEqualTo(RejectCode.WRONG_NODE);
    }

    @Test
    void refuses_claim_signed_by_another_key_than_its_node() {
        SignedClaim c = honest();
        Claim inner = c.claim();
        // Re-sign the same body with OTHER_NODE's key while it still names NODE.
        byte[] body = inner.encodeBody();
        byte[] forged = java.util.Arrays.copyOf(body, body.length + 64);
        System.arraycopy(Fixtures.OTHER_NODE.sign(body), 0, forged, body.length, 64);
        assertThat(verifier.check(forged, Fixtures.NODE.publicKey(), Fixtures.claimTime()).verdict().codeOrNull())
                .isEqualTo(RejectCode.BAD_NODE_SIGNATURE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "during the epoch, 1000, EPOCH_NOT_ENDED",
        "in the receipt grace, 3630000, EPOCH_NOT_ENDED",
        "as claims open, 3660000, ",
        "last ms of the window, 7259999, ",
        "after the window, 7260000, EPOCH_CLOSED",
    })
    void enforces_the_claim_window(String when, long offsetFromEpochStart, RejectCode expected) {
        long now = SCHEDULE.startOf(EPOCH) + offsetFromEpochStart;
        assertThat(verifier.verify(honest(), Fixtures.NODE.publicKey(), now).codeOrNull()).isEqualTo(expected);
    }

    @Test
    void refuses_entry_over_its_own_cap_and_garbage() {
        SignedClaim c = Claim.of(Fixtures.NODE.publicKey(), EPOCH, List.of(new ClaimEntry(Fixtures.tokenId(0), 11, 10)),
                new byte[32]).sign(Fixtures.NODE);
        Verdict v = verifier.verify(c, Fixtures.NODE.publicKey(), Fixtures.claimTime());
        assertThat(v.codeOrNull()).isEqualTo(RejectCode.OVER_CAP);
        ClaimVerifier.Result g = verifier.check(new byte[] {0x43, 1, 2}, Fixtures.NODE.publicKey(), 0);
        assertThat(g.verdict().codeOrNull()).isEqualTo(RejectCode.MALFORMED);
        assertThat(((Verdict.Rejected) g.verdict()).reason()).startsWith("claim.node: truncated");
        assertThat(g.claim()).isNull();
    }
}
