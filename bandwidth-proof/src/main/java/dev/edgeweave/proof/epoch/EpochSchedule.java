package dev.edgeweave.proof.epoch;

/**
 * Epoch arithmetic, a pure function of unix milliseconds.
 *
 * <p>Epoch {@code e} covers {@code [genesis + e*length, genesis + (e+1)*length)}. Nodes accept
 * receipts for epoch {@code e} from its start until {@code receiptGraceMillis} after its end
 * (viewers sign a little late at the boundary). The tracker accepts claims for epoch {@code e}
 * from the end of that grace period for {@code claimWindowMillis}; before that the epoch has not
 * ended, after that it is closed.
 *
 * @param genesisMillis start of epoch 0, unix milliseconds, {@code >= 0}
 * @param epochMillis length of an epoch, {@code > 0}
 * @param receiptGraceMillis how long after an epoch ends its receipts are still accepted, {@code >= 0}
 *     and {@code < epochMillis}
 * @param claimWindowMillis how long claims for an epoch are accepted once receipts close, {@code > 0}
 */
public record EpochSchedule(long genesisMillis, long epochMillis, long receiptGraceMillis, long claimWindowMillis) {

    /** Where an epoch stands with respect to claims at a given time. */
    public enum ClaimWindow {
        /** Receipts may still arrive: too early to claim. */
        NOT_ENDED,
        /** Claims are accepted. */
        OPEN,
        /** Too late: claims are no longer accepted. */
        CLOSED
    }

    /** Validates the fields. */
    public EpochSchedule {
        if (genesisMillis < 0) {
            throw new IllegalArgumentException("genesisMillis: " + genesisMillis + " (expected: >= 0)");
        }
        if (epochMillis <= 0) {
            throw new IllegalArgumentException("epochMillis: " + epochMillis + " (expected: > 0)");
        }
        if (receiptGraceMillis < 0 || receiptGraceMillis >= epochMillis) {
            throw new IllegalArgumentException("receiptGraceMillis: " + receiptGraceMillis + " (expected: 0.."
                    + (epochMillis - 1) + ")");
        }
        if (claimWindowMillis <= 0) {
            throw new IllegalArgumentException("claimWindowMillis: " + claimWindowMillis + " (expected: > 0)");
        }
    }

    /**
     * A schedule with {@code epochMillis}-long epochs from {@code genesisMillis}, a receipt grace of
     * a tenth of an epoch (at most 60 s) and a claim window of one epoch.
     */
    public static EpochSchedule of(long genesisMillis, long epochMillis) {
        return new EpochSchedule(genesisMillis, epochMillis, Math.min(60_000, epochMillis / 10), epochMillis);
    }

    /** The epoch containing {@code millis}; negative before genesis. */
    public long epochAt(long millis) {
        return Math.floorDiv(millis - genesisMillis, epochMillis);
    }

    /** Start of epoch {@code epoch} (inclusive), unix milliseconds. */
    public long startOf(long epoch) {
        return Math.addExact(genesisMillis, Math.multiplyExact(epoch, epochMillis));
    }

    /** End of epoch {@code epoch} (exclusive), unix milliseconds. */
    public long endOf(long epoch) {
        return startOf(Math.addExact(epoch, 1));
    }

    /** Whether a node accepts receipts for {@code epoch} at {@code nowMillis}. */
    public boolean acceptsReceipts(long epoch, long nowMillis) {
        return epoch >= 0 && nowMillis >= startOf(epoch) && nowMillis < endOf(epoch) + receiptGraceMillis;
    }

    /** When claims for {@code epoch} start to be accepted. */
    public long claimsOpenAt(long epoch) {
        return endOf(epoch) + receiptGraceMillis;
    }

    /** When claims for {@code epoch} stop being accepted (exclusive). */
    public long claimsCloseAt(long epoch) {
        return claimsOpenAt(epoch) + claimWindowMillis;
    }

    /** Where {@code epoch} stands for claims at {@code nowMillis}. */
    public ClaimWindow claimWindow(long epoch, long nowMillis) {
        if (nowMillis < claimsOpenAt(epoch)) {
            return ClaimWindow.NOT_ENDED;
        }
        return nowMillis < claimsCloseAt(epoch) ? ClaimWindow.OPEN : ClaimWindow.CLOSED;
    }

    /**
     * Whether a receipt timestamp is plausible for {@code epoch}: within the epoch, widened by the
     * receipt grace on both sides for viewers' clock skew.
     */
    public boolean timestampFits(long epoch, long timestampMillis) {
        return timestampMillis >= startOf(epoch) - receiptGraceMillis
                && timestampMillis < endOf(epoch) + receiptGraceMillis;
    }
}
