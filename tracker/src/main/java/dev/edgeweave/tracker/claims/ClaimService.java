package dev.edgeweave.tracker.claims;

import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.verify.AuditVerifier;
import dev.edgeweave.proof.verify.ClaimVerifier;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.proof.verify.RejectCode;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.tracker.ledger.ClaimRow;
import dev.edgeweave.tracker.ledger.ClaimStatus;
import dev.edgeweave.tracker.ledger.Ledger;
import dev.edgeweave.tracker.ledger.Settlement;
import dev.edgeweave.tracker.registry.NodeRegistry;
import dev.edgeweave.tracker.registry.PublisherRegistry;
import dev.edgeweave.tracker.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's side of bandwidth proofs: takes a node's epoch claim, records it durably, then draws
 * its audit from randomness drawn <em>after</em> the record committed; checks the audit answer (every
 * sampled receipt signed by its viewer under a token signed by a registered publisher, unexpired, in
 * the claim's epoch and node, on the claim's Merkle root); voids claims whose audit fails or misses
 * its deadline; and once an epoch's claim window and audit timeout have passed, settles it: caps per
 * token across all nodes, then the pool split over the verified bytes ({@link Settlement}).
 *
 * <p>One claim per node and epoch: submitting the same bytes again returns the same answer (the same
 * challenge), other bytes are refused. Several tracker replicas may share the database: the ledger's
 * keys decide races.
 *
 * <p>Blocks on the database: call it off the Netty event loop. {@link #sweep()} runs on the tracker's
 * scheduler.
 */
public final class ClaimService {

    private static final Logger log = LoggerFactory.getLogger(ClaimService.class);
    private static final HexFormat HEX = HexFormat.of();
    /** Epochs listed per node by {@link #earnings}. */
    static final int EARNINGS_EPOCHS = 1000;

    private final Ledger ledger;
    private final Predicate<String> registeredNode;
    private final EpochSchedule schedule;
    private final RewardsConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final ClaimVerifier claimVerifier;
    private final AuditVerifier auditVerifier;
    private final ClaimMetrics metrics;

    /**
     * @param ledger         where claims and rewards are stored
     * @param registeredNode whether a node id (lowercase hex) is registered
     * @param publishers     the registered publishers (tokens of others count for nothing)
     * @param schedule       the epoch schedule shared with the nodes
     * @param config         audit size and timeout, reward pool
     * @param clock          tracker time
     * @param random         source of audit beacons
     * @param meters         meters
     */
    public ClaimService(Ledger ledger, Predicate<String> registeredNode, PublisherDirectory publishers,
                        EpochSchedule schedule, RewardsConfig config, Clock clock, SecureRandom random,
                        MeterRegistry meters) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.registeredNode = Objects.requireNonNull(registeredNode, "registeredNode");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.claimVerifier = new ClaimVerifier(schedule);
        this.auditVerifier = new AuditVerifier(schedule, Objects.requireNonNull(publishers, "publishers"));
        this.metrics = new ClaimMetrics(Objects.requireNonNull(meters, "meters"));
    }

    /** The service over a tracker's store and registries, on epochs of {@code epochLength}. */
    public static ClaimService forTracker(Store store, NodeRegistry nodes, PublisherRegistry publishers,
                                          RewardsConfig config, Duration epochLength, Clock clock,
                                          MeterRegistry meters) {
        return new ClaimService(new Ledger(store), nodes::contains, new RegisteredPublishers(publishers),
                config.schedule(epochLength), config, clock, new SecureRandom(), meters);
    }

    /** A claim's view, and whether this call recorded it (false: it was already recorded). */
    public record Outcome(boolean created, Views.Claim claim) {}

    /** The schedule nodes must follow. */
    public EpochSchedule schedule() {
        return schedule;
    }

    /** {@code GET /v1/epochs}. */
    public Views.Schedule scheduleView() {
        long now = clock.millis();
        return new Views.Schedule(schedule.genesisMillis(), schedule.epochMillis(), schedule.receiptGraceMillis(),
                schedule.claimWindowMillis(), config.auditTimeout().toMillis(), config.auditSamples(),
                config.poolPerEpoch(), now, schedule.epochAt(now));
    }

    /**
     * {@code POST /v1/claims}: records a claim and returns its audit challenge.
     *
     * @throws ClaimException {@code malformed_claim}, {@code unknown_node}, {@code bad_node_signature},
     *                        {@code over_cap}, {@code epoch_not_ended}, {@code epoch_closed}, {@code claim_exists}
     */
    public Outcome submit(byte[] body) {
        SignedClaim claim;
        try {
            claim = SignedClaim.decode(body);
        } catch (DecodeException e) {
            metrics.claim("refused");
            throw new ClaimException(400, "malformed_claim", e.getMessage() + " (expected: a signed claim as in"
                    + " docs/protocol.md §5)");
        }
        String node = claim.claim().node().hex();
        long epoch = claim.claim().epoch();
        String digest = HEX.formatHex(claim.digest());
        Optional<Ledger.StoredClaim> existing = ledger.find(node, epoch);
        if (existing.isPresent()) {
            return resubmitted(existing.get(), digest);
        }
        if (!registeredNode.test(node)) {
            metrics.claim("refused");
            throw new ClaimException(404, "unknown_node", "node " + node + " is not registered (expected: a node"
                    + " registered with POST /v1/nodes; claims of unknown or removed nodes are refused)");
        }
        long now = clock.millis();
        Verdict v = claimVerifier.verify(claim, claim.claim().node(), now);
        if (v instanceof Verdict.Rejected r) {
            metrics.claim("refused");
            log.info("claim of node {} for epoch {} refused: {}", shortId(node), epoch, r);
            throw refusal(r);
        }
        int k = Math.min(config.auditSamples(), claim.claim().leafCount());
        long deadline = now + config.auditTimeout().toMillis();
        if (!ledger.insert(claim, digest, k, now, deadline)) {
            // another replica (or a concurrent retry) recorded it first
            return resubmitted(ledger.find(node, epoch).orElseThrow(), digest);
        }
        // The beacon is drawn only now that the claim is committed: the node could not know it.
        ClaimRow row = ledger.drawBeacon(node, epoch, AuditChallenge.newBeacon(random));
        metrics.claim("recorded");
        log.info("claim of node {} for epoch {} recorded: {} leaves, {} bytes; audit of {} leaves due by {}",
                shortId(node), epoch, claim.claim().leafCount(), claim.claim().totalBytes(), k,
                Instant.ofEpochMilli(deadline));
        return new Outcome(true, view(row, claim));
    }

    private Outcome resubmitted(Ledger.StoredClaim stored, String digest) {
        ClaimRow row = stored.row();
        if (!row.digest().equals(digest)) {
            metrics.claim("refused");
            throw new ClaimException(409, "claim_exists", "node " + row.node() + " already claimed epoch "
                    + row.epoch() + " with claim " + row.digest() + ", not " + digest
                    + " (expected: one claim per node and epoch; resubmit the same bytes to get its status)");
        }
        if (row.beacon() == null) {
            row = ledger.drawBeacon(row.node(), row.epoch(), AuditChallenge.newBeacon(random));
        }
        metrics.claim("resubmitted");
        return new Outcome(false, view(row, stored.claim()));
    }

    /**
     * {@code POST /v1/claims/{node}/{epoch}/audit}: checks the node's answer to its challenge (the
     * caller has verified the node's request signature). A wrong answer voids the claim; an answer to
     * a claim no longer pending returns its status unchanged.
     *
     * @throws ClaimException {@code invalid_field}, {@code unknown_claim}, {@code no_challenge}
     */
    public Views.Claim audit(String nodeId, String epochText, byte[] body) {
        String node = nodeId(nodeId);
        long epoch = epoch(epochText);
        Ledger.StoredClaim stored = ledger.find(node, epoch).orElseThrow(() -> unknownClaim(node, epoch));
        ClaimRow row = stored.row();
        if (row.status() != ClaimStatus.AUDIT_PENDING) {
            return view(row, stored.claim());
        }
        if (row.beacon() == null) {
            throw new ClaimException(409, "no_challenge", "claim " + shortId(node) + "/" + epoch + " has no audit"
                    + " challenge yet (expected: POST /v1/claims again with the same claim to get it)");
        }
        long now = clock.millis();
        AuditChallenge challenge = AuditChallenge.forClaim(stored.claim(), row.beacon(), row.auditSamples());
        Verdict verdict;
        Map<TokenId, Long> caps = new HashMap<>();
        if (now > row.auditDeadline()) {
            String late = "audit answered at " + Instant.ofEpochMilli(now) + ", after its deadline "
                    + Instant.ofEpochMilli(row.auditDeadline());
            ledger.finishAudit(node, epoch, ClaimStatus.VOIDED, Ledger.AUDIT_MISSING, late, now, Map.of())
                    .ifPresent(d -> {
                        metrics.audit("missing");
                        log.warn("audit of node {} epoch {} voided: {}", shortId(node), epoch, late);
                    });
            return view(ledger.find(node, epoch).orElseThrow().row(), stored.claim());
        } else {
            AuditResponse response;
            try {
                response = AuditResponse.decode(body);
                verdict = auditVerifier.verify(stored.claim(), challenge, response);
            } catch (DecodeException e) {
                response = null;
                verdict = Verdict.rejected(RejectCode.MALFORMED, e.getMessage());
            }
            if (verdict.isAccepted()) {
                for (AuditItem item : response.items()) {
                    caps.merge(item.token().tokenId(), item.token().token().byteCap(), Math::min);
                }
            }
        }
        Optional<ClaimRow> done;
        if (verdict instanceof Verdict.Rejected r) {
            done = ledger.finishAudit(node, epoch, ClaimStatus.VOIDED, r.code().name(), r.reason(), now, Map.of());
            done.ifPresent(d -> {
                metrics.audit("failed");
                log.warn("audit of node {} epoch {} failed, claim voided: {}", shortId(node), epoch, r);
            });
        } else {
            done = ledger.finishAudit(node, epoch, ClaimStatus.ACCEPTED, null, null, now, caps);
            done.ifPresent(d -> {
                metrics.audit("passed");
                log.info("audit of node {} epoch {} passed ({} leaves checked)", shortId(node), epoch,
                        challenge.sampleCount());
            });
        }
        ClaimRow after = done.orElseGet(() -> ledger.find(node, epoch).orElseThrow().row());
        return view(after, stored.claim());
    }

    /** {@code GET /v1/claims/{node}/{epoch}}. */
    public Views.Claim claim(String nodeId, String epochText) {
        String node = nodeId(nodeId);
        long epoch = epoch(epochText);
        Ledger.StoredClaim stored = ledger.find(node, epoch).orElseThrow(() -> unknownClaim(node, epoch));
        return view(stored.row(), stored.claim());
    }

    /** {@code GET /v1/epochs/{n}/rewards}. */
    public Views.EpochRewards rewards(String epochText) {
        long epoch = epoch(epochText);
        long now = clock.millis();
        var settled = ledger.epoch(epoch);
        var nodes = ledger.claimsOf(epoch).stream().map(r -> new Views.NodeReward(r.node(), r.claimedBytes(),
                r.verifiedBytes(), r.reward(), r.status().wire(), reason(r), overCap(r))).toList();
        String status;
        if (settled.isPresent()) {
            status = "settled";
        } else if (now < schedule.claimsOpenAt(epoch)) {
            status = "open";
        } else if (now < schedule.claimsCloseAt(epoch)) {
            status = "claiming";
        } else {
            status = "auditing";
        }
        return new Views.EpochRewards(epoch, status, settled.map(s -> s.pool()).orElse(config.poolPerEpoch()),
                settled.map(s -> s.paid()).orElse(null), settled.map(s -> s.undistributed()).orElse(null),
                settled.map(s -> s.verifiedBytes()).orElse(null), settled.map(s -> s.settledAt()).orElse(null),
                schedule.claimsOpenAt(epoch), schedule.claimsCloseAt(epoch), settlesAt(epoch), nodes);
    }

    /** {@code GET /v1/nodes/{id}/earnings}. */
    public Views.Earnings earnings(String nodeId) {
        String node = nodeId(nodeId);
        var rows = ledger.claimsOfNode(node, EARNINGS_EPOCHS);
        if (rows.isEmpty() && !registeredNode.test(node)) {
            throw new ClaimException(404, "unknown_node", "node " + node + " is not registered and has no claims"
                    + " (expected: the 64-hex-digit id returned by POST /v1/nodes)");
        }
        long pending = rows.stream().filter(r -> !r.settled()).count();
        var epochs = rows.stream().map(r -> new Views.EpochEarning(r.epoch(), r.claimedBytes(), r.verifiedBytes(),
                r.reward(), r.status().wire(), reason(r), overCap(r))).toList();
        return new Views.Earnings(node, ledger.totalReward(node), pending, epochs);
    }

    /**
     * Voids claims whose audit deadline passed unanswered, and settles every epoch whose claim window
     * and audit timeout are over. Runs on the tracker's scheduler; safe to run on several replicas.
     */
    public void sweep() {
        long now = clock.millis();
        for (ClaimRow r : ledger.expiredAudits(now)) {
            ledger.finishAudit(r.node(), r.epoch(), ClaimStatus.VOIDED, Ledger.AUDIT_MISSING, missing(r.auditDeadline()),
                    now, Map.of()).ifPresent(d -> {
                        metrics.audit("missing");
                        log.warn("audit of node {} epoch {} not answered by {}: claim voided", shortId(r.node()),
                                r.epoch(), Instant.ofEpochMilli(r.auditDeadline()));
                    });
        }
        for (long epoch : ledger.unsettledEpochs()) {
            if (now < settlesAt(epoch)) {
                break;
            }
            ledger.settle(epoch, config.poolPerEpoch(), now, missing(settlesAt(epoch))).ifPresent(s -> {
                metrics.settled(s);
                log.info("epoch {} settled: {} nodes paid {} of {} units for {} verified bytes ({} undistributed)",
                        epoch, s.nodes().size(), s.paid(), s.pool(), s.verifiedBytes(), s.undistributed());
            });
        }
    }

    /** When {@code epoch} is settled: its claim window and the audit timeout are over. */
    public long settlesAt(long epoch) {
        return schedule.claimsCloseAt(epoch) + config.auditTimeout().toMillis();
    }

    // ---------------------------------------------------------------- helpers

    private Views.Claim view(ClaimRow row, SignedClaim claim) {
        String challenge = null;
        int[] indexes = null;
        if (row.beacon() != null) {
            AuditChallenge c = AuditChallenge.forClaim(claim, row.beacon(), row.auditSamples());
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(c.encode());
            indexes = c.indexes();
        }
        return new Views.Claim(row.node(), row.epoch(), row.digest(), row.status().wire(), reason(row), row.leafCount(),
                row.claimedBytes(), row.verifiedBytes(), row.reward(), overCap(row), row.receivedAt(),
                row.auditDeadline(), row.auditSamples(), challenge, indexes);
    }

    private static Views.Reason reason(ClaimRow r) {
        return r.reasonCode() == null ? null : new Views.Reason(r.reasonCode(), r.reason());
    }

    private static Views.OverCap overCap(ClaimRow r) {
        return r.overCapEntries() == null || r.overCapEntries() == 0 ? null
                : new Views.OverCap(r.overCapEntries(), r.overCapBytes());
    }

    private static String missing(long deadline) {
        return "no audit answer by the deadline " + Instant.ofEpochMilli(deadline)
                + " (expected: POST /v1/claims/{node}/{epoch}/audit within the audit timeout)";
    }

    private static ClaimException refusal(Verdict.Rejected r) {
        RejectCode code = r.code();
        int status = code == RejectCode.EPOCH_NOT_ENDED || code == RejectCode.EPOCH_CLOSED ? 409 : 400;
        return new ClaimException(status, code.name().toLowerCase(java.util.Locale.ROOT), r.reason());
    }

    private static ClaimException unknownClaim(String node, long epoch) {
        return new ClaimException(404, "unknown_claim", "node " + node + " has no claim for epoch " + epoch
                + " (expected: POST /v1/claims first)");
    }

    static String nodeId(String raw) {
        try {
            return Ed25519PublicKey.fromHex(raw.toLowerCase(java.util.Locale.ROOT)).hex();
        } catch (IllegalArgumentException e) {
            throw ClaimException.invalid("node: '" + abbreviate(raw) + "' (expected: 64 hex digits, a node id)");
        }
    }

    static long epoch(String raw) {
        try {
            long e = Long.parseLong(raw);
            if (e >= 0) {
                return e;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ClaimException.invalid("epoch: '" + abbreviate(raw) + "' (expected: a non-negative integer)");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String shortId(String node) {
        return node.substring(0, Math.min(16, node.length()));
    }
}
