package dev.edgeweave.proof.verify;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.ViewerToken;
import java.security.SignatureException;

/**
 * The checks one signed receipt and its token must pass, shared by the edge (on intake, in
 * {@code ReceiptStore}) and the tracker (in audits, {@link AuditVerifier}), so that a node never
 * accepts a receipt that an audit would refuse. Pure; cheap checks first, signatures last.
 */
public final class ReceiptRules {

    private ReceiptRules() {}

    /**
     * Checks {@code receipt} with {@code token} for node {@code node} and epoch {@code epoch}.
     *
     * <ol>
     *   <li>{@code TOKEN_MISMATCH}: the receipt names another token</li>
     *   <li>{@code WRONG_NODE}: the receipt names another node</li>
     *   <li>{@code WRONG_EPOCH}: the receipt's epoch is not {@code epoch}, or its timestamp does not
     *       fit the epoch (widened by the receipt grace on both sides)</li>
     *   <li>{@code TOKEN_EXPIRED}: signed at or after the token's expiry, or the token expired
     *       before the epoch began</li>
     *   <li>{@code TOKEN_NOT_YET_VALID}: signed before the token's not-before</li>
     *   <li>{@code OVER_CAP}: more bytes than the token's cap</li>
     *   <li>{@code UNKNOWN_PUBLISHER}, {@code BAD_TOKEN_SIGNATURE}, {@code BAD_VIEWER_SIGNATURE}</li>
     * </ol>
     */
    public static Verdict check(SignedReceipt receipt, SignedToken token, Ed25519PublicKey node, long epoch,
                                EpochSchedule schedule, PublisherDirectory publishers) {
        return check(receipt, token, node, epoch, schedule, publishers, false);
    }

    /**
     * As {@link #check(SignedReceipt, SignedToken, Ed25519PublicKey, long, EpochSchedule, PublisherDirectory)};
     * {@code tokenSignatureVerified} true skips only the publisher-signature check of a token the caller
     * already verified byte for byte (the edge's store, for every receipt after a session's first). Every
     * other rule, including the viewer's signature, still applies.
     */
    public static Verdict check(SignedReceipt receipt, SignedToken token, Ed25519PublicKey node, long epoch,
                                EpochSchedule schedule, PublisherDirectory publishers, boolean tokenSignatureVerified) {
        Receipt r = receipt.receipt();
        ViewerToken t = token.token();
        if (!t.tokenId().equals(r.tokenId())) {
            return Verdict.rejected(RejectCode.TOKEN_MISMATCH, "receipt is for token " + r.tokenId()
                    + ", supplied token is " + t.tokenId());
        }
        if (!r.node().equals(node)) {
            return Verdict.rejected(RejectCode.WRONG_NODE, "receipt is for node " + r.node().hex() + " (expected: "
                    + node.hex() + ")");
        }
        long ts = r.timestampMillis();
        if (r.epoch() != epoch || !schedule.timestampFits(epoch, ts)) {
            return Verdict.rejected(RejectCode.WRONG_EPOCH, "receipt epoch " + r.epoch() + " signed at " + ts
                    + " (expected: epoch " + epoch + ", signed in [" + (schedule.startOf(epoch)
                    - schedule.receiptGraceMillis()) + ", " + (schedule.endOf(epoch) + schedule.receiptGraceMillis())
                    + "))");
        }
        if (ts >= t.expiresMillis() || t.expiresMillis() <= schedule.startOf(epoch)) {
            return Verdict.rejected(RejectCode.TOKEN_EXPIRED, "token " + t.tokenId() + " expired at "
                    + t.expiresMillis() + ", receipt signed at " + ts);
        }
        if (ts < t.notBeforeMillis()) {
            return Verdict.rejected(RejectCode.TOKEN_NOT_YET_VALID, "token " + t.tokenId() + " valid from "
                    + t.notBeforeMillis() + ", receipt signed at " + ts);
        }
        if (r.bytes() > t.byteCap()) {
            return Verdict.rejected(RejectCode.OVER_CAP, "receipt states " + r.bytes() + " bytes (expected: <= byteCap "
                    + t.byteCap() + " of token " + t.tokenId() + ")");
        }
        if (!publishers.isRegistered(t.publisher())) {
            return Verdict.rejected(RejectCode.UNKNOWN_PUBLISHER, "token " + t.tokenId() + " is from unknown publisher "
                    + t.publisher().hex());
        }
        if (!tokenSignatureVerified) {
            try {
                token.verify();
            } catch (SignatureException e) {
                return Verdict.rejected(RejectCode.BAD_TOKEN_SIGNATURE, e.getMessage());
            }
        }
        try {
            receipt.verify(t.viewer());
        } catch (SignatureException e) {
            return Verdict.rejected(RejectCode.BAD_VIEWER_SIGNATURE, e.getMessage());
        }
        return Verdict.accepted();
    }
}
