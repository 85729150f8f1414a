package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.viewer.ViewerResult.Account;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A viewer's bandwidth receipts (DESIGN.md §6), kept the way the viewer SDK keeps them: verified
 * bytes per (node, epoch), and cumulative receipts signed with the viewer key under the publisher's
 * token, serial {@code max(previous + 1, now in ms)}. Used on the viewer's event loop only.
 */
final class ReceiptBook {

    private static final class Counter {
        final InetSocketAddress address;
        long counted;
        long acked;

        Counter(InetSocketAddress address) {
            this.address = address;
        }
    }

    /** Receipts signed for one node, ready to POST. */
    record Batch(InetSocketAddress address, List<SignedReceipt> receipts, byte[] body) {}

    private final Ed25519KeyPair viewerKey;
    private final SignedToken token;
    private final String tokenHeader;
    private final LongSupplier millis;
    private final Map<Account, Counter> accounts = new LinkedHashMap<>();
    private long lastSerial;

    ReceiptBook(Ed25519KeyPair viewerKey, SignedToken token, LongSupplier millis) {
        if (!token.token().viewer().equals(viewerKey.publicKey())) {
            throw new IllegalArgumentException("viewerKey: " + viewerKey.publicKey().hex()
                    + " (expected: the token's viewer " + token.token().viewer().hex() + ")");
        }
        this.viewerKey = viewerKey;
        this.token = token;
        this.tokenHeader = token.toHeaderValue();
        this.millis = millis;
    }

    /** The {@code EdgeWeave-Token} header value. */
    String tokenHeader() {
        return tokenHeader;
    }

    /** Credits {@code bytes} verified bytes to {@code node} (64 hex) in {@code epoch}, served from {@code address}. */
    void count(String node, long epoch, InetSocketAddress address, long bytes) {
        accounts.computeIfAbsent(new Account(node, epoch), a -> new Counter(address)).counted += bytes;
    }

    /** Signs a receipt for every account at {@code address} with unacknowledged bytes; null if none. */
    Batch take(InetSocketAddress address) {
        List<SignedReceipt> out = new ArrayList<>();
        for (Map.Entry<Account, Counter> e : accounts.entrySet()) {
            Counter c = e.getValue();
            if (!c.address.equals(address) || c.counted == c.acked) {
                continue;
            }
            long now = millis.getAsLong();
            lastSerial = Math.max(lastSerial + 1, now);
            out.add(new Receipt(token.tokenId(), Ed25519PublicKey.fromHex(e.getKey().node()), e.getKey().epoch(),
                    lastSerial, c.counted, now).sign(viewerKey));
            if (out.size() == ReceiptBatch.MAX_RECEIPTS) {
                break;
            }
        }
        return out.isEmpty() ? null : new Batch(address, out, ReceiptBatch.encode(out));
    }

    /** The node took {@code batch}: its totals are acknowledged. */
    void acked(Batch batch) {
        for (SignedReceipt r : batch.receipts()) {
            Counter c = accounts.get(new Account(r.receipt().node().hex(), r.receipt().epoch()));
            c.acked = Math.max(c.acked, r.receipt().bytes());
        }
    }

    /** The node took only the receipts of {@code batch} at {@code indexes} (a partly refused batch). */
    void acked(Batch batch, java.util.Set<Integer> indexes) {
        for (int i : indexes) {
            if (i >= 0 && i < batch.receipts().size()) {
                SignedReceipt r = batch.receipts().get(i);
                Counter c = accounts.get(new Account(r.receipt().node().hex(), r.receipt().epoch()));
                c.acked = Math.max(c.acked, r.receipt().bytes());
            }
        }
    }

    /** Addresses with unacknowledged bytes. */
    List<InetSocketAddress> pendingAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Counter c : accounts.values()) {
            if (c.counted != c.acked && !out.contains(c.address)) {
                out.add(c.address);
            }
        }
        return out;
    }

    /** Acknowledged (receipted) bytes per account. */
    Map<Account, Long> acked() {
        Map<Account, Long> m = new LinkedHashMap<>();
        accounts.forEach((a, c) -> m.put(a, c.acked));
        return m;
    }

    /** Verified bytes per account. */
    Map<Account, Long> counted() {
        Map<Account, Long> m = new LinkedHashMap<>();
        accounts.forEach((a, c) -> m.put(a, c.counted));
        return m;
    }
}
