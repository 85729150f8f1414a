package dev.edgeweave.cache;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary encoding of an object's metadata file and of sparse journal records. Big-endian,
 * versioned, closed by a CRC32C over every preceding byte:
 * <pre>
 *   u32 magic "EWCM" | u8 format (1) | u8 flags (bit 0: sparse) | u64 version | u32 sliceSize | i64 length
 *   u16 status | i64 requestTimeMillis | i64 responseTimeMillis
 *   u32 headerCount, then per header: u32 len + UTF-8 name, u32 len + UTF-8 value
 *   u32 len + UTF-8 key
 *   u32 sliceCount (0 for sparse objects), then per slice: u32 length, u32 CRC32C of its bytes
 *   u32 CRC32C of everything above
 * Journal record (16 bytes): u32 slice index | u32 length | u32 CRC32C of the slice | u32 CRC32C of these 12 bytes
 * </pre>
 */
final class MetaCodec {

    static final int MAGIC = 0x4557434D;
    static final int FORMAT = 1;
    static final int JOURNAL_RECORD = 16;
    /** Metadata larger than this is refused as corrupt. */
    static final int MAX_META = 64 << 20;

    /** Decoded metadata. For sparse objects {@code sliceLengths} and {@code sliceCrcs} are empty. */
    record Meta(String key, long version, boolean sparse, int sliceSize, long length, StoredHead head,
                int[] sliceLengths, int[] sliceCrcs) {
    }

    /** A journal record: slice {@code index} of {@code length} bytes with checksum {@code crc}. */
    record SliceRecord(int index, int length, int crc) {
    }

    private MetaCodec() {
    }

    static byte[] encode(Meta m) {
        List<byte[]> strings = new ArrayList<>();
        int size = 4 + 1 + 1 + 8 + 4 + 8 + 2 + 8 + 8 + 4;
        for (Header h : m.head().headers()) {
            byte[] n = h.name().getBytes(StandardCharsets.UTF_8);
            byte[] v = h.value().getBytes(StandardCharsets.UTF_8);
            strings.add(n);
            strings.add(v);
            size += 8 + n.length + v.length;
        }
        byte[] key = m.key().getBytes(StandardCharsets.UTF_8);
        size += 4 + key.length + 4 + m.sliceLengths().length * 8 + 4;
        ByteBuffer bb = ByteBuffer.allocate(size);
        bb.putInt(MAGIC).put((byte) FORMAT).put((byte) (m.sparse() ? 1 : 0)).putLong(m.version())
                .putInt(m.sliceSize()).putLong(m.length()).putShort((short) m.head().status())
                .putLong(m.head().requestTimeMillis()).putLong(m.head().responseTimeMillis())
                .putInt(m.head().headers().size());
        for (byte[] s : strings) {
            bb.putInt(s.length).put(s);
        }
        bb.putInt(key.length).put(key);
        bb.putInt(m.sliceLengths().length);
        for (int i = 0; i < m.sliceLengths().length; i++) {
            bb.putInt(m.sliceLengths()[i]).putInt(m.sliceCrcs()[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, bb.position());
        bb.putInt((int) crc.getValue());
        return bb.array();
    }

    /** Decodes metadata; throws an IOException naming what is wrong for anything malformed. */
    static Meta decode(byte[] bytes) throws IOException {
        if (bytes.length < 8) {
            throw new IOException("meta truncated: " + bytes.length + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        if (bb.getInt(bytes.length - 4) != (int) crc.getValue()) {
            throw new IOException("meta checksum mismatch");
        }
        try {
            if (bb.getInt() != MAGIC) {
                throw new IOException("meta magic wrong");
            }
            int format = bb.get() & 0xff;
            if (format != FORMAT) {
                throw new IOException("meta format " + format + " (expected: " + FORMAT + ")");
            }
            boolean sparse = (bb.get() & 1) != 0;
            long version = bb.getLong();
            int sliceSize = bb.getInt();
            long length = bb.getLong();
            int status = bb.getShort() & 0xffff;
            long reqTime = bb.getLong();
            long respTime = bb.getLong();
            int headerCount = count(bb, 8);
            List<Header> headers = new ArrayList<>(headerCount);
            for (int i = 0; i < headerCount; i++) {
                headers.add(new Header(string(bb), string(bb)));
            }
            String key = string(bb);
            int slices = count(bb, 8);
            int[] lens = new int[slices];
            int[] crcs = new int[slices];
            for (int i = 0; i < slices; i++) {
                lens[i] = bb.getInt();
                crcs[i] = bb.getInt();
            }
            if (bb.remaining() != 4) {
                throw new IOException("meta has " + (bb.remaining() - 4) + " trailing bytes");
            }
            if (sliceSize < CacheConfig.MIN_SLICE_SIZE || length < 0 || key.isEmpty()) {
                throw new IOException("meta fields out of range (sliceSize " + sliceSize + ", length " + length + ")");
            }
            return new Meta(key, version, sparse, sliceSize, length,
                    new StoredHead(status, headers, reqTime, respTime), lens, crcs);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("meta malformed: " + e, e);
        }
    }

    private static int count(ByteBuffer bb, int minBytesEach) throws IOException {
        int n = bb.getInt();
        if (n < 0 || (long) n * minBytesEach > bb.remaining()) {
            throw new IOException("meta count " + n + " exceeds the file");
        }
        return n;
    }

    private static String string(ByteBuffer bb) throws IOException {
        int n = count(bb, 1);
        String s = new String(bb.array(), bb.position(), n, StandardCharsets.UTF_8);
        bb.position(bb.position() + n);
        return s;
    }

    static ByteBuffer journalRecord(SliceRecord r) {
        ByteBuffer bb = ByteBuffer.allocate(JOURNAL_RECORD);
        bb.putInt(r.index()).putInt(r.length()).putInt(r.crc());
        CRC32C crc = new CRC32C();
        crc.update(bb.array(), 0, 12);
        bb.putInt((int) crc.getValue());
        return bb.flip();
    }

    /** Valid records of a journal, in order; stops at the first torn or corrupt record. */
    static List<SliceRecord> decodeJournal(byte[] bytes) {
        List<SliceRecord> out = new ArrayList<>();
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.remaining() >= JOURNAL_RECORD) {
            int at = bb.position();
            CRC32C crc = new CRC32C();
            crc.update(bytes, at, 12);
            SliceRecord r = new SliceRecord(bb.getInt(), bb.getInt(), bb.getInt());
            if (bb.getInt() != (int) crc.getValue()) {
                break;
            }
            out.add(r);
        }
        return out;
    }
}
