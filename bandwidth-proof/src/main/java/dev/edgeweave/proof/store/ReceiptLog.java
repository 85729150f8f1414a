package dev.edgeweave.proof.store;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of accepted receipts and their tokens, so that an edge node restarts with
 * everything it acknowledged and can still answer audits.
 *
 * <p>Format: an 8-byte file header {@code "EWRLOG"} + u16 version 1, then records of u32 payload
 * length, u32 CRC32C of the payload, and the payload: an encoded signed token or signed receipt
 * (its first byte says which). A token is written once per log, before the first receipt under
 * it. {@link #sync()} writes buffered records and forces them to disk: acknowledge a batch to
 * viewers only after it returns. {@link #open} replays the file and cuts off a torn tail (a record
 * cut short or failing its CRC, as a crash mid-write leaves), logging how many bytes it dropped.
 *
 * <p>Use one log per epoch (e.g. {@code receipts-<epoch>.log}) and delete it once the epoch's claim
 * is settled; {@link #compact} rewrites a log with only the latest receipts. Calls block on disk
 * I/O: run them off the event loop. Thread-safe.
 */
public final class ReceiptLog implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(ReceiptLog.class);
    private static final byte[] MAGIC = "EWRLOG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int FILE_HEADER = 8;
    private static final int RECORD_HEADER = 8;
    private static final int MAX_PAYLOAD = Math.max(SignedToken.LENGTH, SignedReceipt.LENGTH);

    /** Receives the log's content in order on {@link #open}. */
    public interface Visitor {
        /** A token, always before the receipts under it. */
        void token(SignedToken token);

        /** A receipt. */
        void receipt(SignedReceipt receipt);
    }

    private final Path file;
    private FileChannel channel;
    private final Set<TokenId> written = new HashSet<>();
    private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private long size;

    private ReceiptLog(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens (creating if missing) the log at {@code file}, replays it into {@code visitor}, and
     * truncates a torn tail.
     *
     * @throws IOException on I/O errors, a foreign file header, or a record whose CRC matches but
     *     whose payload does not decode (corruption that is not a torn write)
     */
    public static ReceiptLog open(Path file, Visitor visitor) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            long fileSize = ch.size();
            ReceiptLog rl;
            if (fileSize < FILE_HEADER) {
                ch.truncate(0);
                ch.write(fileHeader(), 0);
                ch.force(true);
                rl = new ReceiptLog(file, ch, FILE_HEADER);
                if (fileSize > 0) {
                    log.warn("receipt log {}: torn file header ({} bytes) rewritten", file, fileSize);
                }
            } else {
                ByteBuffer header = ByteBuffer.allocate(FILE_HEADER);
                readFully(ch, header, 0);
                if (!Arrays.equals(Arrays.copyOf(header.array(), MAGIC.length), MAGIC)
                        || header.getShort(MAGIC.length) != VERSION) {
                    throw new IOException(file + ": not an EdgeWeave receipt log version " + VERSION);
                }
                rl = new ReceiptLog(file, ch, FILE_HEADER);
                rl.replay(fileSize, visitor);
            }
            ch.position(rl.size);
            return rl;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Opens the log at {@code file} and restores its receipts into {@code store} (the usual edge
     * node start-up).
     */
    public static ReceiptLog openInto(Path file, ReceiptStore store) throws IOException {
        Map<TokenId, SignedToken> tokens = new HashMap<>();
        return open(file, new Visitor() {
            @Override
            public void token(SignedToken token) {
                tokens.put(token.tokenId(), token);
            }

            @Override
            public void receipt(SignedReceipt receipt) {
                SignedToken token = tokens.get(receipt.receipt().tokenId());
                if (token == null) {
                    // The writer always logs the token first; without it the receipt is unusable.
                    log.warn("receipt log {}: receipt for token {} has no token record; skipped", file,
                            receipt.receipt().tokenId());
                    return;
                }
                store.restore(receipt, token);
            }
        });
    }

    private void replay(long fileSize, Visitor visitor) throws IOException {
        // Streams the file: a long epoch's log never has to fit in memory at once. The stream is
        // not closed: that would close the channel; open() resets the position afterwards.
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(FILE_HEADER)), 1 << 20);
        long pos = FILE_HEADER;
        int tokens = 0;
        int receipts = 0;
        CRC32C crc = new CRC32C();
        byte[] header = new byte[RECORD_HEADER];
        while (true) {
            if (in.readNBytes(header, 0, RECORD_HEADER) < RECORD_HEADER) {
                break;
            }
            ByteBuffer h = ByteBuffer.wrap(header);
            int len = h.getInt();
            int expectedCrc = h.getInt();
            if (len <= 0 || len > MAX_PAYLOAD) {
                break;
            }
            byte[] payload = in.readNBytes(len);
            if (payload.length < len) {
                break;
            }
            crc.reset();
            crc.update(payload);
            if ((int) crc.getValue() != expectedCrc) {
                break;
            }
            try {
                if ((payload[0] & 0xff) == StructType.TOKEN.code()) {
                    SignedToken t = SignedToken.decode(payload);
                    written.add(t.tokenId());
                    visitor.token(t);
                    tokens++;
                } else {
                    visitor.receipt(SignedReceipt.decode(payload));
                    receipts++;
                }
            } catch (DecodeException e) {
                throw new IOException(file + ": record at offset " + pos + " passes its CRC but does not decode: "
                        + e.getMessage(), e);
            }
            pos += RECORD_HEADER + len;
        }
        size = pos;
        if (size < fileSize) {
            log.warn("receipt log {}: dropped a torn tail of {} bytes at offset {}", file, fileSize - size, size);
            channel.truncate(size);
            channel.force(true);
        }
        log.info("receipt log {}: replayed {} tokens and {} receipts", file, tokens, receipts);
    }

    /** Buffers {@code receipt}, preceded by {@code token} if this log has not recorded it yet. */
    public synchronized void append(SignedReceipt receipt, SignedToken token) {
        if (!token.tokenId().equals(receipt.receipt().tokenId())) {
            throw new IllegalArgumentException("token: " + token.tokenId() + " (expected: "
                    + receipt.receipt().tokenId() + ")");
        }
        if (written.add(token.tokenId())) {
            buffer(token.encoded());
        }
        buffer(receipt.encoded());
    }

    /** Writes everything buffered and forces it to disk. Acknowledge only after this returns. */
    public synchronized void sync() throws IOException {
        if (pending.position() == 0) {
            return;
        }
        pending.flip();
        while (pending.hasRemaining()) {
            size += channel.write(pending, size);
        }
        pending.clear();
        channel.force(false);
    }

    /**
     * Replaces the log's content with {@code receipts} (and their tokens from {@code tokens}),
     * atomically: a crash leaves either the old or the new file.
     */
    public synchronized void compact(Collection<SignedReceipt> receipts, Collection<SignedToken> tokens)
            throws IOException {
        sync();
        Map<TokenId, SignedToken> byId = new HashMap<>();
        tokens.forEach(t -> byId.put(t.tokenId(), t));
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        Set<TokenId> done = new HashSet<>();
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            buf.put(fileHeader());
            for (SignedReceipt r : receipts) {
                TokenId id = r.receipt().tokenId();
                SignedToken t = byId.get(id);
                if (t == null) {
                    throw new IllegalArgumentException("tokens: no token for receipt of token " + id);
                }
                if (done.add(id)) {
                    buf = record(buf, t.encoded(), out);
                }
                buf = record(buf, r.encoded(), out);
            }
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.toAbsolutePath().getParent());
        // The open channel still points at the old file: switch to the new one.
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long before = size;
        size = channel.size();
        written.clear();
        written.addAll(done);
        log.info("receipt log {}: compacted from {} to {} bytes ({} receipts)", file, before, size, receipts.size());
    }

    private static ByteBuffer record(ByteBuffer buf, byte[] payload, FileChannel out) throws IOException {
        if (buf.remaining() < RECORD_HEADER + payload.length) {
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            buf.clear();
        }
        writeRecord(buf, payload);
        return buf;
    }

    /** Bytes in the file, including synced records only. */
    public synchronized long size() {
        return size;
    }

    /** The log's path. */
    public Path file() {
        return file;
    }

    /** Syncs and closes. */
    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            try {
                sync();
            } finally {
                channel.close();
            }
        }
    }

    private void buffer(byte[] payload) {
        if (pending.remaining() < RECORD_HEADER + payload.length) {
            ByteBuffer bigger = ByteBuffer.allocate(pending.capacity() * 2);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        writeRecord(pending, payload);
    }

    private static void writeRecord(ByteBuffer buf, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        buf.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
    }

    private static ByteBuffer fileHeader() {
        ByteBuffer b = ByteBuffer.allocate(FILE_HEADER);
        b.put(MAGIC).putShort((short) VERSION).flip();
        return b;
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long p = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
        dst.flip();
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }
}
