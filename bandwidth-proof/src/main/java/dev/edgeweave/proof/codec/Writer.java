package dev.edgeweave.proof.codec;

import java.util.Arrays;

/**
 * Writes the canonical big-endian encoding into a growable byte array. Not thread-safe; one per
 * encode call.
 */
public final class Writer {

    private byte[] buf;
    private int pos;

    /** A writer with room for {@code expectedSize} bytes (it grows if needed). */
    public Writer(int expectedSize) {
        buf = new byte[Math.max(16, expectedSize)];
    }

    /** Writes the structure header: type byte then version byte. */
    public Writer header(StructType type, int version) {
        return u8(type.code()).u8(version);
    }

    /** Writes one unsigned byte. */
    public Writer u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    /** Writes an unsigned 16-bit integer. */
    public Writer u16(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    /** Writes a 32-bit integer (callers pass only non-negative values). */
    public Writer u32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    /** Writes a 64-bit integer. */
    public Writer i64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[pos++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Writes raw bytes (fixed-size fields). */
    public Writer raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    /** Writes {@code b[off, off+len)} raw. */
    public Writer raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    /** Writes a u32 length prefix then the bytes. */
    public Writer lengthPrefixed(byte[] b) {
        return u32(b.length).raw(b);
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** A copy of the bytes written so far, trimmed. */
    public byte[] toByteArray() {
        return pos == buf.length ? buf.clone() : Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
