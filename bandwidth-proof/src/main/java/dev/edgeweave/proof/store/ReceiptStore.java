package dev.edgeweave.proof.store;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.proof.verify.ReceiptRules;
import dev.edgeweave.proof.verify.RejectCode;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge node's receipt intake logic, in memory: keeps only the latest receipt per
 * (token, epoch) and the tokens behind them. Thread-safe (event loops may offer concurrently);
 * no I/O — persistence is {@link ReceiptLog}'s job, and the caller acknowledges a receipt to the
 * viewer only after the log has synced it.
 *
 * <p>{@link #offer} refuses, with a reason code:
 * everything {@link ReceiptRules} refuses (wrong token, node, epoch, expired token, over cap,
 * unknown publisher, bad signatures); {@code EPOCH_CLOSED} for an epoch no longer (or not yet)
 * open for receipts at {@code now}; {@code REPLAYED} for a serial already accepted;
 * {@code SERIAL_NOT_MONOTONIC} for a lower serial; {@code BYTES_DECREASED} for fewer cumulative
 * bytes than an accepted receipt; {@code OVER_SERVED} for more bytes than the node says it served
 * under the token.
 */
public final class ReceiptStore {

    private final Ed25519PublicKey node;
    private final EpochSchedule schedule;
    private final PublisherDirectory publishers;
    private final Map<Key, SignedReceipt> latest = new ConcurrentHashMap<>();
    private final Map<TokenId, SignedToken> tokens = new ConcurrentHashMap<>();

    private record Key(TokenId tokenId, long epoch) {
    }

    /** A store for node {@code node} on {@code schedule}, trusting tokens of {@code publishers}. */
    public ReceiptStore(Ed25519PublicKey node, EpochSchedule schedule, PublisherDirectory publishers) {
        this.node = Objects.requireNonNull(node, "node");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.publishers = Objects.requireNonNull(publishers, "publishers");
    }

    /**
     * Offers a receipt received from a viewer.
     *
     * @param receipt the viewer's signed receipt
     * @param token the token it was sent with (the {@code EdgeWeave-Token} header)
     * @param servedBytes bytes this node served under the token in the receipt's epoch
     * @param nowMillis the node's clock
     * @return accepted (now the latest for its (token, epoch)) or rejected with a reason
     */
    public Verdict offer(SignedReceipt receipt, SignedToken token, long servedBytes, long nowMillis) {
        Receipt r = receipt.receipt();
        Key key = new Key(r.tokenId(), r.epoch());
        SignedReceipt previous = latest.get(key);
        if (previous != null && previous.equals(receipt)) {
            return Verdict.rejected(RejectCode.REPLAYED, "receipt serial " + r.serial() + " for token " + r.tokenId()
                    + " epoch " + r.epoch() + " already accepted");
        }
        if (!schedule.acceptsReceipts(r.epoch(), nowMillis)) {
            return Verdict.rejected(RejectCode.EPOCH_CLOSED, "epoch " + r.epoch() + " does not take receipts at "
                    + nowMillis + " (current epoch " + schedule.epochAt(nowMillis) + ")");
        }
        if (r.bytes() > servedBytes) {
            return Verdict.rejected(RejectCode.OVER_SERVED, "receipt states " + r.bytes() + " bytes but node served "
                    + servedBytes + " under token " + r.tokenId() + " in epoch " + r.epoch());
        }
        // A token this store accepted before, byte for byte (signature included), was verified then.
        boolean known = token.equals(tokens.get(r.tokenId()));
        Verdict rules = ReceiptRules.check(receipt, token, node, r.epoch(), schedule, publishers, known);
        if (!rules.isAccepted()) {
            return rules;
        }
        Verdict[] out = new Verdict[1];
        latest.compute(key, (k, prev) -> {
            out[0] = ordering(prev, r);
            return out[0].isAccepted() ? receipt : prev;
        });
        if (out[0].isAccepted()) {
            tokens.putIfAbsent(r.tokenId(), token);
        }
        return out[0];
    }

    private static Verdict ordering(SignedReceipt prev, Receipt r) {
        if (prev == null) {
            return Verdict.accepted();
        }
        Receipt p = prev.receipt();
        if (r.serial() == p.serial()) {
            return Verdict.rejected(RejectCode.REPLAYED, "serial " + r.serial() + " for token " + r.tokenId()
                    + " epoch " + r.epoch() + " already accepted");
        }
        if (r.serial() < p.serial()) {
            return Verdict.rejected(RejectCode.SERIAL_NOT_MONOTONIC, "serial " + r.serial() + " for token "
                    + r.tokenId() + " epoch " + r.epoch() + " (expected: > " + p.serial() + ")");
        }
        if (r.bytes() < p.bytes()) {
            return Verdict.rejected(RejectCode.BYTES_DECREASED, r.bytes() + " bytes for token " + r.tokenId()
                    + " epoch " + r.epoch() + " (expected: >= " + p.bytes() + " of serial " + p.serial() + ")");
        }
        return Verdict.accepted();
    }

    /**
     * Puts back a receipt read from the log on restart, without checks (it was checked when first
     * accepted). Keeps the higher serial if one is already present.
     */
    public void restore(SignedReceipt receipt, SignedToken token) {
        Receipt r = receipt.receipt();
        if (!token.tokenId().equals(r.tokenId())) {
            throw new IllegalArgumentException("token: " + token.tokenId() + " (expected: " + r.tokenId() + ")");
        }
        latest.merge(new Key(r.tokenId(), r.epoch()), receipt,
                (a, b) -> a.receipt().serial() >= b.receipt().serial() ? a : b);
        tokens.putIfAbsent(r.tokenId(), token);
    }

    /** The latest receipt per token for {@code epoch}, ascending by token id: the leaves of a claim. */
    public List<SignedReceipt> latest(long epoch) {
        List<SignedReceipt> out = new ArrayList<>();
        for (Map.Entry<Key, SignedReceipt> e : latest.entrySet()) {
            if (e.getKey().epoch() == epoch) {
                out.add(e.getValue());
            }
        }
        out.sort(Comparator.comparing(s -> s.receipt().tokenId()));
        return out;
    }

    /** The latest accepted receipt for (token, epoch). */
    public Optional<SignedReceipt> latest(TokenId tokenId, long epoch) {
        return Optional.ofNullable(latest.get(new Key(tokenId, epoch)));
    }

    /** The cumulative bytes accepted for (token, epoch), 0 if none. */
    public long acceptedBytes(TokenId tokenId, long epoch) {
        SignedReceipt r = latest.get(new Key(tokenId, epoch));
        return r == null ? 0 : r.receipt().bytes();
    }

    /** The token with id {@code tokenId}, if a receipt under it was accepted. */
    public Optional<SignedToken> token(TokenId tokenId) {
        return Optional.ofNullable(tokens.get(tokenId));
    }

    /** The byte cap of a known token (for claim entries). */
    public OptionalLong byteCap(TokenId tokenId) {
        SignedToken t = tokens.get(tokenId);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t.token().byteCap());
    }

    /** All tokens behind the receipts of {@code epoch}. */
    public List<SignedToken> tokens(long epoch) {
        List<SignedToken> out = new ArrayList<>();
        for (SignedReceipt r : latest(epoch)) {
            out.add(tokens.get(r.receipt().tokenId()));
        }
        return out;
    }

    /** Forgets every receipt of epochs before {@code epoch} and tokens no longer needed. */
    public void dropEpochsBefore(long epoch) {
        latest.keySet().removeIf(k -> k.epoch() < epoch);
        Set<TokenId> used = new HashSet<>();
        latest.keySet().forEach(k -> used.add(k.tokenId()));
        tokens.keySet().retainAll(used);
    }

    /** Number of (token, epoch) receipts held. */
    public int size() {
        return latest.size();
    }
}
