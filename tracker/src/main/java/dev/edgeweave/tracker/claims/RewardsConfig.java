package dev.edgeweave.tracker.claims;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.epoch.EpochSchedule;
import java.time.Duration;
import java.util.Objects;

/**
 * Claims, audits and rewards settings, validated once. The epoch length itself is
 * {@code TrackerConfig.epochLength()}; {@link #schedule} combines both into the {@link EpochSchedule}
 * the tracker and its edge nodes share ({@code GET /v1/epochs} publishes it).
 *
 * @param genesisMillis start of epoch 0, unix ms (default 0: epochs aligned to multiples of their length)
 * @param receiptGrace  how long after an epoch ends nodes still take its receipts; claims open after it
 *                      (default: a tenth of an epoch, at most 60 s)
 * @param claimWindow   how long claims for an epoch are taken once they open (default: one epoch)
 * @param auditSamples  k, leaves opened per audit (default 32: a claim with 10 % fake leaves is caught with
 *                      probability at least 96.6 %, see docs/api.md)
 * @param auditTimeout  how long a node has to answer its audit after its claim is recorded (default: one
 *                      epoch, at most 10 min); an epoch is settled once its claim window plus this has passed
 * @param poolPerEpoch  reward units split among the nodes of each epoch (default 1,000,000)
 */
public record RewardsConfig(long genesisMillis, Duration receiptGrace, Duration claimWindow, int auditSamples,
                            Duration auditTimeout, long poolPerEpoch) {

    public static final int DEFAULT_AUDIT_SAMPLES = 32;
    public static final long DEFAULT_POOL = 1_000_000;
    public static final Duration MAX_DEFAULT_GRACE = Duration.ofSeconds(60);
    public static final Duration MAX_DEFAULT_AUDIT_TIMEOUT = Duration.ofMinutes(10);

    public RewardsConfig {
        if (genesisMillis < 0) {
            throw new IllegalArgumentException("genesisMillis: " + genesisMillis + " (expected: >= 0)");
        }
        Objects.requireNonNull(receiptGrace, "receiptGrace");
        if (receiptGrace.isNegative()) {
            throw new IllegalArgumentException("receiptGrace: " + receiptGrace.toMillis() + " ms (expected: >= 0)");
        }
        positive("claimWindow", claimWindow);
        positive("auditTimeout", auditTimeout);
        if (auditSamples < 1 || auditSamples > AuditChallenge.MAX_SAMPLES) {
            throw new IllegalArgumentException("auditSamples: " + auditSamples + " (expected: 1.."
                    + AuditChallenge.MAX_SAMPLES + ")");
        }
        if (poolPerEpoch < 0) {
            throw new IllegalArgumentException("poolPerEpoch: " + poolPerEpoch + " (expected: >= 0)");
        }
    }

    /** The defaults for epochs of {@code epochLength}. */
    public static RewardsConfig defaults(Duration epochLength) {
        positive("epochLength", epochLength);
        Duration grace = min(MAX_DEFAULT_GRACE, epochLength.dividedBy(10));
        return new RewardsConfig(0, grace, epochLength, DEFAULT_AUDIT_SAMPLES,
                min(MAX_DEFAULT_AUDIT_TIMEOUT, epochLength), DEFAULT_POOL);
    }

    /**
     * The schedule for epochs of {@code epochLength}.
     *
     * @throws IllegalArgumentException if the receipt grace is not shorter than an epoch
     */
    public EpochSchedule schedule(Duration epochLength) {
        positive("epochLength", epochLength);
        if (receiptGrace.compareTo(epochLength) >= 0) {
            throw new IllegalArgumentException("receiptGrace: " + receiptGrace.toMillis() + " ms (expected: < epochLength "
                    + epochLength.toMillis() + " ms)");
        }
        return new EpochSchedule(genesisMillis, epochLength.toMillis(), receiptGrace.toMillis(), claimWindow.toMillis());
    }

    public RewardsConfig withGenesis(long millis) {
        return new RewardsConfig(millis, receiptGrace, claimWindow, auditSamples, auditTimeout, poolPerEpoch);
    }

    public RewardsConfig withReceiptGrace(Duration grace) {
        return new RewardsConfig(genesisMillis, grace, claimWindow, auditSamples, auditTimeout, poolPerEpoch);
    }

    public RewardsConfig withClaimWindow(Duration window) {
        return new RewardsConfig(genesisMillis, receiptGrace, window, auditSamples, auditTimeout, poolPerEpoch);
    }

    public RewardsConfig withAuditSamples(int k) {
        return new RewardsConfig(genesisMillis, receiptGrace, claimWindow, k, auditTimeout, poolPerEpoch);
    }

    public RewardsConfig withAuditTimeout(Duration timeout) {
        return new RewardsConfig(genesisMillis, receiptGrace, claimWindow, auditSamples, timeout, poolPerEpoch);
    }

    public RewardsConfig withPool(long units) {
        return new RewardsConfig(genesisMillis, receiptGrace, claimWindow, auditSamples, auditTimeout, units);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": " + d.toMillis() + " ms (expected: > 0)");
        }
    }
}
