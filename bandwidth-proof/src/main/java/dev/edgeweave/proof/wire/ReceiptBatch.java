package dev.edgeweave.proof.wire;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of signed receipts as a viewer POSTs it to
 * {@code <node>/.well-known/edgeweave/receipts} with content type {@value #CONTENT_TYPE}:
 * header, u32 count, then each receipt as u32 length + bytes. At most {@value #MAX_RECEIPTS}
 * receipts per batch.
 */
public final class ReceiptBatch {

    /** Encoding version. */
    public static final int VERSION = 1;
    /** Content type of a batch body. */
    public static final String CONTENT_TYPE = "application/vnd.edgeweave.receipts";
    /** Path on the node that accepts batches. */
    public static final String PATH = "/.well-known/edgeweave/receipts";
    /** Most receipts one batch may hold. */
    public static final int MAX_RECEIPTS = 1024;

    private ReceiptBatch() {}

    /** Encodes {@code receipts} (at most {@value #MAX_RECEIPTS}). */
    public static byte[] encode(List<SignedReceipt> receipts) {
        if (receipts.size() > MAX_RECEIPTS) {
            throw new IllegalArgumentException("receipts: " + receipts.size() + " (expected: <= " + MAX_RECEIPTS + ")");
        }
        Writer w = new Writer(6 + receipts.size() * (4 + SignedReceipt.LENGTH));
        w.header(StructType.RECEIPT_BATCH, VERSION).u32(receipts.size());
        for (SignedReceipt r : receipts) {
            w.u32(SignedReceipt.LENGTH);
            byte[] enc = r.encoded();
            w.raw(enc);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a batch (no signature checks).
     *
     * @throws DecodeException naming the receipt index and field that was wrong
     */
    public static List<SignedReceipt> decode(byte[] bytes) throws DecodeException {
        Reader r = new Reader(bytes, "receiptBatch");
        r.header(StructType.RECEIPT_BATCH, VERSION);
        int n = r.u32("count");
        if (n > MAX_RECEIPTS) {
            throw r.fail("count", n + " (expected: <= " + MAX_RECEIPTS + ")");
        }
        List<SignedReceipt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int len = r.u32("receipts[" + i + "].length");
            if (len != SignedReceipt.LENGTH) {
                throw r.fail("receipts[" + i + "].length", len + " (expected: " + SignedReceipt.LENGTH + ")");
            }
            byte[] one = r.raw(len, "receipts[" + i + "]");
            try {
                out.add(SignedReceipt.decode(one));
            } catch (DecodeException e) {
                throw new DecodeException("receiptBatch.receipts[" + i + "]: " + e.getMessage(), e);
            }
        }
        r.expectEnd();
        return out;
    }
}
