package dev.edgeweave.proof.verify;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.SignedClaim;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Checks an incoming claim before the tracker records it: structure, node, signature, epoch
 * window, and each entry within its own token cap. Pure: a function of its arguments and
 * {@code nowMillis}. Cross-node caps are {@link CapLedger}'s job, receipts behind the entries are
 * {@link AuditVerifier}'s.
 */
public final class ClaimVerifier {

    private final EpochSchedule schedule;

    /** A verifier for claims on {@code schedule}. */
    public ClaimVerifier(EpochSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * The outcome of {@link #check(byte[], Ed25519PublicKey, long)}.
     *
     * @param verdict accepted or why not
     * @param claim the decoded claim, or {@code null} if it did not decode
     */
    public record Result(Verdict verdict, SignedClaim claim) {
    }

    /** Decodes {@code encoded} and {@link #verify verifies} it; a decode failure is {@link RejectCode#MALFORMED}. */
    public Result check(byte[] encoded, Ed25519PublicKey sender, long nowMillis) {
        SignedClaim claim;
        try {
            claim = SignedClaim.decode(encoded);
        } catch (DecodeException e) {
            return new Result(Verdict.rejected(RejectCode.MALFORMED, e.getMessage()), null);
        }
        return new Result(verify(claim, sender, nowMillis), claim);
    }

    /**
     * Verifies a decoded claim sent by {@code sender} (the authenticated or registered node).
     *
     * @return accepted, or rejected with {@code WRONG_NODE}, {@code BAD_NODE_SIGNATURE},
     *     {@code EPOCH_NOT_ENDED}, {@code EPOCH_CLOSED} or {@code OVER_CAP}
     */
    public Verdict verify(SignedClaim signed, Ed25519PublicKey sender, long nowMillis) {
        Claim claim = signed.claim();
        if (!claim.node().equals(sender)) {
            return Verdict.rejected(RejectCode.WRONG_NODE, "claim names node " + claim.node().hex()
                    + " but was sent by " + sender.hex());
        }
        try {
            signed.verify();
        } catch (SignatureException e) {
            return Verdict.rejected(RejectCode.BAD_NODE_SIGNATURE, e.getMessage());
        }
        long epoch = claim.epoch();
        switch (schedule.claimWindow(epoch, nowMillis)) {
            case NOT_ENDED:
                return Verdict.rejected(RejectCode.EPOCH_NOT_ENDED, "epoch " + epoch + " takes claims from "
                        + schedule.claimsOpenAt(epoch) + " (now " + nowMillis + ")");
            case CLOSED:
                return Verdict.rejected(RejectCode.EPOCH_CLOSED, "epoch " + epoch + " took claims until "
                        + schedule.claimsCloseAt(epoch) + " (now " + nowMillis + ")");
            default:
                break;
        }
        for (int i = 0; i < claim.leafCount(); i++) {
            long bytes = claim.bytesAt(i);
            long cap = claim.byteCapAt(i);
            if (bytes > cap) {
                return Verdict.rejected(RejectCode.OVER_CAP, "entries[" + i + "] token " + claim.tokenIdAt(i)
                        + ": " + bytes + " bytes (expected: <= byteCap " + cap + ")");
            }
        }
        return Verdict.accepted();
    }
}
