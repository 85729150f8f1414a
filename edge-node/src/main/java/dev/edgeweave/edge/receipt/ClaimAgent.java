package dev.edgeweave.edge.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.store.ReceiptStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the node's epochs: once an epoch stops taking receipts (its end plus the receipt grace), builds
 * the claim from the receipts on disk, submits it, answers the tracker's audit, and follows it until the
 * epoch is settled. The tracker being down is retried with exponential backoff (1 s doubling to 60 s)
 * until the claim window closes; a restarted node finds its receipt logs again and resubmits — the claim
 * it rebuilds is byte-identical, so the tracker answers with the same challenge. An epoch's receipt log is
 * deleted once its claim is final. Runs on the claims thread ({@link #tick} every second or so).
 */
final class ClaimAgent {

    private static final Logger log = LoggerFactory.getLogger(ClaimAgent.class);
    static final long MAX_BACKOFF_MILLIS = 60_000;
    static final int KEEP_FINAL = 64;

    enum Phase {
        /** To submit (or resubmit). */
        PENDING,
        /** Submitted; the audit answer is due. */
        AUDITING,
        /** The audit passed. */
        ACCEPTED,
        /** The tracker voided the claim (reason kept). */
        VOIDED,
        /** Refused by the tracker, or never delivered (reason kept). */
        FAILED,
        /** No receipts: nothing to claim. */
        EMPTY;

        boolean isFinal() {
            return this != PENDING && this != AUDITING;
        }
    }

    /** One epoch's claim as the node follows it. Written by the claims thread, read by /status. */
    static final class ClaimState {
        final long epoch;
        volatile Phase phase = Phase.PENDING;
        volatile BuiltClaim built;
        volatile AuditChallenge challenge;
        volatile String digest;
        volatile int leaves;
        volatile long claimedBytes;
        volatile long auditDeadline;
        volatile int attempts;
        volatile long nextAttemptAt;
        volatile String lastError;
        volatile String reasonCode;
        volatile String reason;
        volatile Long verifiedBytes;
        volatile Long reward;
        volatile boolean dropped;

        ClaimState(long epoch) {
            this.epoch = epoch;
        }
    }

    private final Ed25519KeyPair key;
    private final String nodeId;
    private final EpochSchedule schedule;
    private final ClaimClient client;
    private final ReceiptIntake intake;
    private final ReceiptStore store;
    private final LongSupplier clock;
    private final ReceiptMetrics metrics;
    private final ConcurrentSkipListMap<Long, ClaimState> states = new ConcurrentSkipListMap<>();
    private volatile long paidUnits;
    private volatile double unitsPerByte = Double.NaN;
    private volatile long nextEarningsPoll;
    private volatile String earningsError;

    ClaimAgent(Ed25519KeyPair key, EpochSchedule schedule, ClaimClient client, ReceiptIntake intake,
               ReceiptStore store, LongSupplier clock, ReceiptMetrics metrics) {
        this.key = key;
        this.nodeId = key.publicKey().hex();
        this.schedule = schedule;
        this.client = client;
        this.intake = intake;
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** One round: claim epochs that closed, advance claims in flight, drop final epochs, poll earnings. */
    void tick() throws InterruptedException {
        long now = clock.getAsLong();
        for (long e : intake.heldEpochs()) {
            if (now >= schedule.claimsOpenAt(e)) {
                states.putIfAbsent(e, new ClaimState(e));
            }
        }
        for (ClaimState s : states.values()) {
            if (!s.phase.isFinal() && now >= s.nextAttemptAt) {
                advance(s, now);
            }
            if (s.phase.isFinal() && !s.dropped) {
                drop(s, now);
            }
        }
        pollEarnings(now);
        trim();
    }

    private void advance(ClaimState s, long now) throws InterruptedException {
        try {
            if (s.built == null) {
                BuiltClaim built = intake.call(() -> intake.buildClaim(s.epoch)).get(60, TimeUnit.SECONDS);
                if (built == null) {
                    s.phase = Phase.EMPTY;
                    return;
                }
                s.built = built;
                s.leaves = built.signedClaim().claim().leafCount();
                s.claimedBytes = built.signedClaim().claim().totalBytes();
                s.digest = HexFormat.of().formatHex(built.signedClaim().digest());
            }
            if (s.phase == Phase.PENDING) {
                ClaimClient.Answer a = client.submit(s.built.signedClaim());
                if (s.attempts == 0 && s.lastError == null) {
                    metrics.claim("submitted");
                }
                log.info("claim for epoch {} submitted: {} sessions, {} bytes; tracker says {}", s.epoch, s.leaves,
                        s.claimedBytes, a.status());
                apply(s, a);
            }
            if (s.phase == Phase.AUDITING) {
                apply(s, client.audit(key, s.epoch, s.built.respond(s.challenge, store::token)));
            }
            s.attempts = 0;
            s.lastError = null;
        } catch (IOException | TimeoutException e) {
            retry(s, now, e.toString());
        } catch (ClaimClient.Refused r) {
            refused(s, now, r);
        } catch (ExecutionException | IllegalArgumentException e) {
            fail(s, "cannot claim: " + (e.getCause() != null ? e.getCause() : e));
        }
    }

    private void apply(ClaimState s, ClaimClient.Answer a) {
        if (s.digest != null && !a.digest().isEmpty() && !s.digest.equals(a.digest())) {
            fail(s, "the tracker holds another claim " + a.digest() + " for this epoch, not " + s.digest);
            return;
        }
        s.verifiedBytes = a.verifiedBytes();
        s.reward = a.reward();
        switch (a.status()) {
            case "audit_pending":
                if (a.challenge() == null) {
                    s.phase = Phase.PENDING; // resubmitting draws the challenge
                    s.nextAttemptAt = clock.getAsLong() + 1_000;
                } else {
                    s.challenge = a.challenge();
                    s.auditDeadline = a.auditDeadline();
                    s.phase = Phase.AUDITING;
                }
                break;
            case "accepted":
                if (s.phase != Phase.ACCEPTED) {
                    metrics.claim("accepted");
                    log.info("claim for epoch {} accepted: audit of {} leaves passed", s.epoch,
                            s.challenge == null ? "?" : s.challenge.sampleCount());
                }
                s.phase = Phase.ACCEPTED;
                break;
            case "voided":
                if (s.phase != Phase.VOIDED) {
                    metrics.claim("voided");
                    log.warn("claim for epoch {} voided by the tracker: {}: {}", s.epoch, a.reasonCode(), a.reason());
                }
                s.phase = Phase.VOIDED;
                s.reasonCode = a.reasonCode();
                s.reason = a.reason();
                break;
            default:
                fail(s, "the tracker answered status '" + a.status() + "'");
        }
    }

    private void retry(ClaimState s, long now, String error) {
        s.attempts++;
        long delay = Math.min(MAX_BACKOFF_MILLIS, 1_000L << Math.min(s.attempts - 1, 16));
        s.nextAttemptAt = now + delay;
        if (!error.equals(s.lastError)) {
            log.warn("claim for epoch {}: tracker {} unreachable ({}); retrying in {} ms", s.epoch, client.tracker(),
                    error, delay);
        }
        s.lastError = error;
        if (s.phase == Phase.PENDING && now > schedule.claimsCloseAt(s.epoch) + schedule.epochMillis()) {
            fail(s, "tracker unreachable until the claim window closed: " + error);
        } else if (s.phase == Phase.AUDITING && now > s.auditDeadline + schedule.epochMillis()) {
            fail(s, "audit answer not delivered before its deadline: " + error);
        }
    }

    private void refused(ClaimState s, long now, ClaimClient.Refused r) {
        switch (r.code) {
            case "epoch_not_ended", "unknown_node" -> retry(s, now, r.getMessage()); // clock skew; not registered yet
            case "no_challenge" -> {
                s.phase = Phase.PENDING;
                retry(s, now, r.getMessage());
            }
            default -> {
                metrics.claim("refused");
                fail(s, r.getMessage());
            }
        }
    }

    private void fail(ClaimState s, String why) {
        s.phase = Phase.FAILED;
        s.reasonCode = "NOT_CLAIMED";
        s.reason = why;
        metrics.claim("failed");
        log.warn("claim for epoch {} failed: {}", s.epoch, why);
    }

    /** The epoch's receipts are no longer needed: delete its log (on the intake thread). */
    private void drop(ClaimState s, long now) throws InterruptedException {
        try {
            intake.call(() -> {
                try {
                    intake.drop(s.epoch, now);
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            s.dropped = true;
            s.built = null; // the tree and leaves are no longer needed
        } catch (ExecutionException | TimeoutException e) {
            log.warn("dropping the receipts of epoch {} failed: {}", s.epoch, e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Rewards per epoch from the tracker, once claims are final and until they are settled. */
    private void pollEarnings(long now) throws InterruptedException {
        if (now < nextEarningsPoll || states.isEmpty()) {
            return;
        }
        boolean unsettled = states.values().stream().anyMatch(s -> (s.phase == Phase.ACCEPTED
                || s.phase == Phase.VOIDED) && s.reward == null);
        nextEarningsPoll = now + (unsettled ? Math.max(500, Math.min(5_000, schedule.epochMillis() / 2)) : 60_000);
        try {
            JsonNode e = client.earnings(nodeId);
            paidUnits = e.path("totalReward").asLong();
            for (JsonNode ep : e.path("epochs")) {
                ClaimState s = states.get(ep.path("epoch").asLong());
                if (s != null && ep.path("reward").isNumber()) {
                    s.reward = ep.path("reward").asLong();
                    s.verifiedBytes = ep.path("verifiedBytes").asLong();
                }
                long verified = ep.path("verifiedBytes").asLong(0);
                if (ep.path("reward").isNumber() && verified > 0) {
                    unitsPerByte = (double) ep.path("reward").asLong() / verified;
                }
            }
            earningsError = null;
        } catch (IOException | ClaimClient.Refused e) {
            earningsError = e.getMessage();
        }
    }

    private void trim() {
        int finals = 0;
        for (Long e : states.descendingKeySet()) {
            ClaimState s = states.get(e);
            if (s.phase.isFinal() && s.dropped && ++finals > KEEP_FINAL) {
                states.remove(e);
            }
        }
    }

    /** {@code /status}: claims submitted, accepted, voided with reasons, and earnings. */
    Map<String, Object> status() {
        int submitted = 0;
        int accepted = 0;
        int voided = 0;
        int failed = 0;
        long pendingBytes = 0;
        int pending = 0;
        List<Map<String, Object>> recent = new ArrayList<>();
        for (ClaimState s : states.descendingMap().values()) {
            if (s.digest != null) {
                submitted++;
            }
            switch (s.phase) {
                case ACCEPTED -> accepted++;
                case VOIDED -> voided++;
                case FAILED -> failed++;
                default -> { }
            }
            if (s.reward == null && (s.phase == Phase.ACCEPTED || s.phase == Phase.PENDING
                    || s.phase == Phase.AUDITING)) {
                pending++;
                pendingBytes += s.claimedBytes;
            }
            if (recent.size() < 10) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("epoch", s.epoch);
                m.put("status", s.phase.name().toLowerCase(java.util.Locale.ROOT));
                m.put("sessions", s.leaves);
                m.put("claimedBytes", s.claimedBytes);
                m.put("verifiedBytes", s.verifiedBytes);
                m.put("reward", s.reward);
                m.put("reason", s.reasonCode == null ? null : s.reasonCode + ": " + s.reason);
                m.put("lastError", s.lastError);
                recent.add(m);
            }
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("submitted", submitted);
        claims.put("accepted", accepted);
        claims.put("voided", voided);
        claims.put("failed", failed);
        claims.put("recent", recent);
        Map<String, Object> earnings = new LinkedHashMap<>();
        earnings.put("paidUnits", paidUnits);
        double rate = unitsPerByte;
        earnings.put("pendingClaims", pending);
        earnings.put("localEstimateUnits", Double.isNaN(rate) ? null : paidUnits + Math.round(pendingBytes * rate));
        earnings.put("estimateBasis", Double.isNaN(rate) ? "no settled epoch yet"
                : "pending claimed bytes x the units per verified byte of this node's last settled epoch");
        earnings.put("trackerError", earningsError);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("claims", claims);
        out.put("earnings", earnings);
        return out;
    }

    long paidUnits() {
        return paidUnits;
    }

    /** A claim's state, for tests. */
    ClaimState state(long epoch) {
        return states.get(epoch);
    }
}
