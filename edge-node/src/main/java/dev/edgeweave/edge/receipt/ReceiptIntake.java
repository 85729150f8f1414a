package dev.edgeweave.edge.receipt;

import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.store.ReceiptStore;
import dev.edgeweave.proof.verify.RejectCode;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes viewers' receipt batches on one thread of its own, off the event loops: decodes, checks each
 * receipt ({@link ReceiptStore#offer}: signatures, token, node, epoch, serial, and no more bytes than
 * this node served under the token), appends the accepted ones to their epoch's log, and answers only
 * after the log is fsynced. Group commit: batches that arrive while one is being processed share one
 * fsync (at most {@link #MAX_GROUP} batches wait for it).
 *
 * <p>Everything that reads or changes the receipt store and logs runs on this thread ({@link #call}),
 * so a claim is built only from receipts that are on disk.
 */
final class ReceiptIntake {

    private static final Logger log = LoggerFactory.getLogger(ReceiptIntake.class);
    /** Batches answered by one fsync at most. */
    static final int MAX_GROUP = 256;

    /** One receipt's outcome. */
    record Item(int index, Receipt receipt, Verdict verdict) {}

    /**
     * A batch's outcome: per-receipt items, or an error for the whole batch.
     *
     * @param status      HTTP status
     * @param errorCode   machine code of a whole-batch error, else null
     * @param message     what was wrong, else null
     * @param items       per receipt
     */
    record BatchResult(int status, String errorCode, String message, List<Item> items) {
        static BatchResult error(int status, String code, String message) {
            return new BatchResult(status, code, message, List.of());
        }
    }

    private record Job(String tokenHeader, byte[] body, CompletableFuture<BatchResult> done) {}

    private final Ed25519KeyPair nodeKey;
    private final EpochSchedule schedule;
    private final ReceiptStore store;
    private final EpochLogs logs;
    private final ServedLedger served;
    private final LongSupplier clock;
    private final ReceiptMetrics metrics;
    private final ExecutorService thread;
    private final AtomicInteger queued = new AtomicInteger();
    private final List<Job> awaitingSync = new ArrayList<>();
    private final List<BatchResult> results = new ArrayList<>();

    ReceiptIntake(Ed25519KeyPair nodeKey, EpochSchedule schedule, ReceiptStore store, EpochLogs logs,
                  ServedLedger served, LongSupplier clock, ReceiptMetrics metrics, ExecutorService thread) {
        this.nodeKey = nodeKey;
        this.schedule = schedule;
        this.store = store;
        this.logs = logs;
        this.served = served;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = thread;
    }

    /** Queues a POSTed batch; completes once its accepted receipts are fsynced (or with the error). */
    CompletableFuture<BatchResult> submit(String tokenHeader, byte[] body) {
        CompletableFuture<BatchResult> done = new CompletableFuture<>();
        queued.incrementAndGet();
        try {
            thread.execute(() -> run(new Job(tokenHeader, body, done)));
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            done.complete(BatchResult.error(503, "shutting_down", "node: shutting down (expected: retry later)"));
        }
        return done;
    }

    /** Runs {@code work} on the intake thread after every queued batch is processed and synced. */
    <T> CompletableFuture<T> call(Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            commit();
            return work.get();
        }, thread);
    }

    /** Builds the claim for {@code epoch} from its latest receipts, or returns null if it has none. Intake thread. */
    BuiltClaim buildClaim(long epoch) {
        List<SignedReceipt> leaves = store.latest(epoch);
        if (leaves.isEmpty()) {
            return null;
        }
        return ClaimBuilder.build(nodeKey, epoch, leaves, store::byteCap);
    }

    /**
     * Forgets {@code epoch}: takes its receipted bytes off the served totals, deletes its log, and drops
     * from memory every epoch older than the oldest still held. Intake thread.
     */
    void drop(long epoch, long now) throws IOException {
        if (!logs.epochs().contains(epoch)) {
            return;
        }
        for (SignedReceipt r : store.latest(epoch)) {
            served.release(r.receipt().tokenId(), r.receipt().bytes());
        }
        logs.drop(epoch);
        long keepFrom = logs.epochs().isEmpty() ? schedule.epochAt(now) : Math.min(logs.epochs().first(),
                schedule.epochAt(now));
        store.dropEpochsBefore(keepFrom);
        served.forgetExpired(now, id -> store.token(id).isPresent());
        served.snapshot(true);
    }

    NavigableSet<Long> heldEpochs() {
        return logs.epochs();
    }

    private void run(Job job) {
        BatchResult result;
        try {
            result = process(job);
        } catch (RuntimeException e) {
            log.warn("receipt batch failed: {}", e.toString());
            result = BatchResult.error(500, "internal", "node: internal error (" + e.getClass().getSimpleName() + ")");
        }
        awaitingSync.add(job);
        results.add(result);
        if (queued.decrementAndGet() == 0 || awaitingSync.size() >= MAX_GROUP) {
            commit();
        }
    }

    /** fsyncs the logs and answers every batch waiting for it. Intake thread. */
    private void commit() {
        if (awaitingSync.isEmpty()) {
            return;
        }
        String failure = null;
        try {
            logs.sync();
        } catch (IOException e) {
            failure = e.getMessage();
            log.error("receipt log sync failed: {}; {} batches answered 503", e.toString(), awaitingSync.size());
        }
        for (int i = 0; i < awaitingSync.size(); i++) {
            BatchResult r = results.get(i);
            if (failure != null && r.errorCode() == null) {
                r = BatchResult.error(503, "storage_unavailable", "receipt log: " + failure
                        + " (expected: retry later)");
            }
            metrics.batch(r.status());
            awaitingSync.get(i).done().complete(r);
        }
        awaitingSync.clear();
        results.clear();
    }

    private BatchResult process(Job job) {
        if (job.tokenHeader() == null || job.tokenHeader().isBlank()) {
            return BatchResult.error(400, "missing_token", SignedToken.HEADER + ": missing (expected: the viewer's"
                    + " token, base64url, as on its content requests)");
        }
        SignedToken token;
        try {
            token = SignedToken.fromHeaderValue(job.tokenHeader());
        } catch (DecodeException e) {
            return BatchResult.error(400, "bad_token", e.getMessage());
        }
        List<SignedReceipt> receipts;
        try {
            receipts = ReceiptBatch.decode(job.body());
        } catch (DecodeException e) {
            return BatchResult.error(400, "malformed_batch", e.getMessage() + " (expected: a receipt batch as in"
                    + " docs/protocol.md §4)");
        }
        long now = clock.getAsLong();
        List<Item> items = new ArrayList<>(receipts.size());
        boolean allTaken = true;
        for (int i = 0; i < receipts.size(); i++) {
            SignedReceipt sr = receipts.get(i);
            Receipt r = sr.receipt();
            Verdict v = store.offer(sr, token, budget(r.tokenId(), r.epoch()), now);
            if (v.isAccepted()) {
                try {
                    logs.append(r.epoch(), sr, token);
                } catch (IOException e) {
                    log.error("receipt log of epoch {} cannot be opened: {}", r.epoch(), e.toString());
                    return BatchResult.error(503, "storage_unavailable", "receipt log: " + e.getMessage()
                            + " (expected: retry later)");
                }
                metrics.accepted();
            } else {
                RejectCode code = v.codeOrNull();
                metrics.refused(code.name());
                allTaken &= code == RejectCode.REPLAYED;
            }
            items.add(new Item(i, r, v));
        }
        return new BatchResult(allTaken ? 200 : 422, null, null, items);
    }

    /**
     * Bytes a receipt of {@code token} for {@code epoch} may state: what the node served under the token
     * minus what the token's latest receipts of the other held epochs already state.
     */
    private long budget(TokenId token, long epoch) {
        long budget = served.served(token);
        for (long e : logs.epochs()) {
            if (e != epoch) {
                budget -= store.acceptedBytes(token, e);
            }
        }
        return Math.max(0, budget);
    }
}
