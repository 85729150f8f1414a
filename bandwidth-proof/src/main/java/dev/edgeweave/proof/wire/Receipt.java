package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.util.Objects;

/**
 * The content of a bandwidth receipt: the viewer of token {@code tokenId} states that it received
 * <em>and verified</em> {@code bytes} bytes in total from node {@code node} during epoch
 * {@code epoch}. Cumulative: a later receipt (higher serial) replaces an earlier one, so a node
 * keeps one receipt per (token, epoch).
 *
 * <p>Encoding (version 1, 82 bytes, then a 64-byte viewer signature): {@code docs/protocol.md} §Receipt.
 *
 * @param tokenId the token this receipt counts against
 * @param node the node id (public key) that served the bytes
 * @param epoch epoch number, {@code >= 0}
 * @param serial strictly increasing per (token, node, epoch); {@code >= 1}
 * @param bytes cumulative verified bytes from this node in this epoch, {@code >= 0}
 * @param timestampMillis when the viewer signed, unix milliseconds, {@code >= 0}
 */
public record Receipt(TokenId tokenId, Ed25519PublicKey node, long epoch, long serial, long bytes,
                      long timestampMillis) {

    /** Encoding version. */
    public static final int VERSION = 1;
    /** Size of the signed part (header and fields). */
    public static final int BODY_LENGTH = 2 + 16 + 32 + 8 + 8 + 8 + 8;

    /** Validates every field. */
    public Receipt {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(node, "node");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 0)");
        }
        if (serial < 1) {
            throw new IllegalArgumentException("serial: " + serial + " (expected: >= 1)");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
        if (timestampMillis < 0) {
            throw new IllegalArgumentException("timestampMillis: " + timestampMillis + " (expected: >= 0)");
        }
    }

    /** The canonical bytes that the viewer signs. */
    public byte[] encodeBody() {
        Writer w = new Writer(BODY_LENGTH);
        w.header(StructType.RECEIPT, VERSION);
        w.raw(tokenId.bytes()).raw(node.bytes());
        w.i64(epoch).i64(serial).i64(bytes).i64(timestampMillis);
        return w.toByteArray();
    }

    /** Signs this receipt with the viewer's key (the key named in the token). */
    public SignedReceipt sign(Ed25519KeyPair viewerKey) {
        byte[] body = encodeBody();
        return SignedReceipt.of(this, body, viewerKey.sign(body));
    }
}
