package dev.edgeweave.proof.verify;

import static dev.edgeweave.proof.Fixtures.EPOCH;
import static dev.edgeweave.proof.Fixtures.T0;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.audit.AuditChallenge;
import dev.edgeweave.proof.audit.AuditItem;
import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** A node's epoch: n viewer sessions, each with its token and latest receipt; some may be fake. */
final class ClaimScenario {

    final Ed25519KeyPair node;
    final Map<TokenId, SignedToken> tokens = new HashMap<>();
    final List<SignedReceipt> receipts = new ArrayList<>();

    ClaimScenario(Ed25519KeyPair node) {
        this.node = node;
    }

    static TokenId id(int i) {
        return TokenId.of(ByteBuffer.allocate(16).putInt(0, 0x7000_0000 + i).array());
    }

    /** Adds an honest session: token i, bytes, signed by the real viewer. */
    ClaimScenario honest(int i, long bytes) {
        return session(i, bytes, t -> t, Fixtures.VIEWER, r -> r);
    }

    /** Adds a session whose receipt the node forged (signed with the wrong key). */
    ClaimScenario forged(int i, long bytes) {
        return session(i, bytes, t -> t, Fixtures.STRANGER, r -> r);
    }

    ClaimScenario session(int i, long bytes, UnaryOperator<ViewerToken> tokenEdit, Ed25519KeyPair signer,
                          UnaryOperator<Receipt> receiptEdit) {
        ViewerToken t = tokenEdit.apply(new ViewerToken(Fixtures.PUBLISHER.publicKey(), Fixtures.VIEWER.publicKey(),
                id(i), T0, T0 + 2 * Fixtures.EPOCH_MILLIS, 1_000_000_000L));
        Ed25519KeyPair publisher = t.publisher().equals(Fixtures.PUBLISHER.publicKey()) ? Fixtures.PUBLISHER
                : Fixtures.STRANGER;
        tokens.put(t.tokenId(), t.sign(publisher));
        Receipt r = receiptEdit.apply(new Receipt(t.tokenId(), node.publicKey(), EPOCH, 1, bytes, T0 + 100_000));
        receipts.add(r.sign(signer));
        return this;
    }

    BuiltClaim build() {
        return ClaimBuilder.build(node, EPOCH, receipts, id -> {
            SignedToken t = tokens.get(id);
            return t == null ? OptionalLong.empty() : OptionalLong.of(t.token().byteCap());
        });
    }

    /** A claim over the sessions as a dishonest node would build it: no checks at all. */
    Handmade buildByHand() {
        List<SignedReceipt> sorted = new ArrayList<>(receipts);
        sorted.sort(java.util.Comparator.comparing(r -> r.receipt().tokenId()));
        List<byte[]> leaves = new ArrayList<>();
        List<ClaimEntry> entries = new ArrayList<>();
        for (SignedReceipt r : sorted) {
            leaves.add(r.encoded());
            entries.add(new ClaimEntry(r.receipt().tokenId(), r.receipt().bytes(),
                    tokens.get(r.receipt().tokenId()).token().byteCap()));
        }
        MerkleTree tree = MerkleTree.build(leaves);
        SignedClaim claim = Claim.of(node.publicKey(), EPOCH, entries, tree.root()).sign(node);
        return new Handmade(claim, tree, sorted, this);
    }

    /** A hand-built claim and how to answer its audits. */
    record Handmade(SignedClaim claim, MerkleTree tree, List<SignedReceipt> leaves, ClaimScenario s) {
        AuditResponse respond(AuditChallenge c) {
            List<AuditItem> items = new ArrayList<>();
            for (int i : c.indexes()) {
                items.add(new AuditItem(i, leaves.get(i), s.tokens.get(leaves.get(i).receipt().tokenId()),
                        tree.proof(i)));
            }
            return new AuditResponse(claim.digest(), leaves.size(), items);
        }
    }

    Optional<SignedToken> token(TokenId id) {
        return Optional.ofNullable(tokens.get(id));
    }
}
