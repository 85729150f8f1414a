package dev.edgeweave.proof.verify;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.ViewerToken;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Checks a node's answer to an audit. Pure: a function of the claim, the challenge, the response
 * and the publisher directory. The first failing check decides; the reason names the leaf.
 *
 * <p>For every challenged index, in order: the item answers that index; the receipt's bytes hash
 * up the Merkle path to the claim's root ({@code BAD_MERKLE_PATH}); the claim's entry equals the
 * receipt's token id and bytes and the token's cap ({@code LEAF_MISMATCH}); the token is the
 * receipt's ({@code TOKEN_MISMATCH}), its publisher registered ({@code UNKNOWN_PUBLISHER}) and
 * its signature valid ({@code BAD_TOKEN_SIGNATURE}); the viewer signed the receipt
 * ({@code BAD_VIEWER_SIGNATURE}); receipt node and epoch are the claim's ({@code WRONG_NODE},
 * {@code WRONG_EPOCH}); the token was valid when the receipt was signed and during the epoch
 * ({@code TOKEN_EXPIRED}, {@code TOKEN_NOT_YET_VALID}); the receipt's bytes are within the
 * token's cap ({@code OVER_CAP}).
 */
public final class AuditVerifier {

    private final EpochSchedule schedule;
    private final PublisherDirectory publishers;

    /** A verifier on {@code schedule} that trusts tokens of publishers in {@code publishers}. */
    public AuditVerifier(EpochSchedule schedule, PublisherDirectory publishers) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
    }

    /** Decodes {@code responseBytes} and verifies it; a decode failure is {@link RejectCode#MALFORMED}. */
    public Verdict verify(SignedClaim claim, AuditChallenge challenge, byte[] responseBytes) {
        AuditResponse response;
        try {
            response = AuditResponse.decode(responseBytes);
        } catch (DecodeException e) {
            return Verdict.rejected(RejectCode.MALFORMED, e.getMessage());
        }
        return verify(claim, challenge, response);
    }

    /** Verifies {@code response} to {@code challenge} about {@code signedClaim}. */
    public Verdict verify(SignedClaim signedClaim, AuditChallenge challenge, AuditResponse response) {
        Claim claim = signedClaim.claim();
        byte[] digest = signedClaim.digest();
        if (!MessageDigest.isEqual(challenge.claimDigest(), digest) || !challenge.node().equals(claim.node())
                || challenge.epoch() != claim.epoch() || challenge.leafCount() != claim.leafCount()) {
            return Verdict.rejected(RejectCode.WRONG_CHALLENGE, "challenge is not about this claim");
        }
        int[] indexes = challenge.indexes();
        int[] drawn = AuditChallenge.draw(digest, challenge.beacon(), Math.max(1, indexes.length), claim.leafCount());
        if (indexes.length == 0 || !Arrays.equals(indexes, drawn)) {
            return Verdict.rejected(RejectCode.WRONG_CHALLENGE, "challenge indexes are not the ones drawn from its beacon");
        }
        if (!MessageDigest.isEqual(response.claimDigest(), digest) || response.leafCount() != claim.leafCount()) {
            return Verdict.rejected(RejectCode.WRONG_CHALLENGE, "response answers another claim");
        }
        List<AuditItem> items = response.items();
        if (items.size() != indexes.length) {
            return Verdict.rejected(RejectCode.AUDIT_INCOMPLETE, "response has " + items.size() + " items (expected: "
                    + indexes.length + ")");
        }
        byte[] root = claim.merkleRoot();
        for (int i = 0; i < indexes.length; i++) {
            AuditItem item = items.get(i);
            if (item.index() != indexes[i]) {
                return Verdict.rejected(RejectCode.AUDIT_INCOMPLETE, "items[" + i + "] answers leaf " + item.index()
                        + " (expected: " + indexes[i] + ")");
            }
            Verdict v = verifyItem(claim, root, item);
            if (!v.isAccepted()) {
                return v;
            }
        }
        return Verdict.accepted();
    }

    private Verdict verifyItem(Claim claim, byte[] root, AuditItem item) {
        int index = item.index();
        String leaf = "leaf " + index + ": ";
        Receipt receipt = item.receipt().receipt();
        ViewerToken token = item.token().token();
        if (!item.proof().verifies(root, item.receipt().encoded())) {
            return Verdict.rejected(RejectCode.BAD_MERKLE_PATH, leaf + "receipt does not hash to the claim's root");
        }
        ClaimEntry entry = claim.entry(index);
        if (!entry.tokenId().equals(receipt.tokenId()) || entry.bytes() != receipt.bytes()
                || entry.byteCap() != token.byteCap()) {
            return Verdict.rejected(RejectCode.LEAF_MISMATCH, leaf + "claim entry " + entry + " but receipt says token "
                    + receipt.tokenId() + ", " + receipt.bytes() + " bytes and token cap " + token.byteCap());
        }
        Verdict v = ReceiptRules.check(item.receipt(), item.token(), claim.node(), claim.epoch(), schedule, publishers);
        if (v instanceof Verdict.Rejected r) {
            return Verdict.rejected(r.code(), leaf + r.reason());
        }
        return Verdict.accepted();
    }
}
