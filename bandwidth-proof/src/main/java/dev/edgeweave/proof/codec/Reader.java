package dev.edgeweave.proof.codec;

import java.util.Arrays;

/**
 * Reads a canonical big-endian encoding and fails with a {@link DecodeException} that names the
 * structure and the field. Every read names its field, so a truncated input says which field was
 * cut short.
 */
public final class Reader {

    private final byte[] buf;
    private final int end;
    private final String struct;
    private int pos;

    /** Reads all of {@code buf}; {@code struct} names the structure in error messages. */
    public Reader(byte[] buf, String struct) {
        this(buf, 0, buf.length, struct);
    }

    /** Reads {@code buf[offset, offset+length)}. */
    public Reader(byte[] buf, int offset, int length, String struct) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", size " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.struct = struct;
    }

    /**
     * Reads and checks the header: the type byte must be {@code type} and the version byte
     * {@code version}.
     */
    public Reader header(StructType type, int version) throws DecodeException {
        int t = u8("type");
        if (t != type.code()) {
            throw new DecodeException(struct + ".type: 0x" + hex2(t) + " (expected: 0x" + hex2(type.code())
                    + ", " + type.fieldName() + ")");
        }
        int v = u8("version");
        if (v != version) {
            throw new DecodeException(struct + ".version: " + v + " (expected: " + version + ")");
        }
        return this;
    }

    /** Reads one unsigned byte. */
    public int u8(String field) throws DecodeException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    /** Reads an unsigned 16-bit integer. */
    public int u16(String field) throws DecodeException {
        need(2, field);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    /** Reads a 32-bit length or count; values above {@code Integer.MAX_VALUE} are refused. */
    public int u32(String field) throws DecodeException {
        need(4, field);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        if (v < 0) {
            throw new DecodeException(struct + "." + field + ": " + Integer.toUnsignedString(v)
                    + " (expected: <= " + Integer.MAX_VALUE + ")");
        }
        return v;
    }

    /** Reads a signed 64-bit integer. */
    public long i64(String field) throws DecodeException {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    /** Reads a 64-bit integer that must be {@code >= min}. */
    public long i64AtLeast(String field, long min) throws DecodeException {
        long v = i64(field);
        if (v < min) {
            throw fail(field, v + " (expected: >= " + min + ")");
        }
        return v;
    }

    /** Reads {@code n} raw bytes. */
    public byte[] raw(int n, String field) throws DecodeException {
        need(n, field);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** Reads a u32 length prefix and that many bytes; the length must be at most {@code max}. */
    public byte[] lengthPrefixed(String field, int max) throws DecodeException {
        int n = u32(field + ".length");
        if (n > max) {
            throw fail(field + ".length", n + " (expected: <= " + max + ")");
        }
        return raw(n, field);
    }

    /** Current absolute offset into the underlying array. */
    public int position() {
        return pos;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd() throws DecodeException {
        if (pos != end) {
            throw new DecodeException(struct + ": " + (end - pos) + " trailing bytes");
        }
    }

    /** An exception for {@code field} with a detail, e.g. {@code "-1 (expected: >= 0)"}. */
    public DecodeException fail(String field, String detail) {
        return new DecodeException(struct + "." + field + ": " + detail);
    }

    private void need(int n, String field) throws DecodeException {
        if (end - pos < n) {
            throw new DecodeException(struct + "." + field + ": truncated (needs " + n + " bytes, "
                    + (end - pos) + " left)");
        }
    }

    private static String hex2(int b) {
        return String.format("%02x", b);
    }
}
