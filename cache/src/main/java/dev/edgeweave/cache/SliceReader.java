package dev.edgeweave.cache;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads slice files: opening a run for sending, checking a whole slice against its size and CRC32C, copying
 * slices into a memory-tier buffer. A failed check is a {@link BadSlice} naming what was wrong; a missing
 * file is a {@link java.nio.file.NoSuchFileException}. No state: the caller decides what a failure means.
 */
final class SliceReader {

    /** A slice file failed a size or checksum check. */
    static final class BadSlice extends Exception {
        private static final long serialVersionUID = 1L;

        BadSlice(String message) {
            super(message, null, false, false);
        }
    }

    private SliceReader() {
    }

    /** A freshly opened channel on {@code p} for bytes [inner, inner+n), after checking the file holds them. */
    static BodyChunk.File open(Path p, long inner, int n) throws IOException, BadSlice {
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < inner + n) {
                throw new BadSlice("file is short: " + size + " bytes (expected: >= " + (inner + n) + ")");
            }
            return new BodyChunk.File(ch, inner, n);
        } catch (IOException | BadSlice | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads the whole slice once and checks its size and CRC32C. */
    static void verify(Path p, int len, int crc) throws IOException, BadSlice {
        CRC32C c = new CRC32C();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != len) {
                throw new BadSlice("file has " + size + " bytes (expected: " + len + ")");
            }
            ByteBuffer bb = ByteBuffer.allocate(Math.max(1, Math.min(len, 64 * 1024)));
            long pos = 0;
            while (pos < len) {
                bb.clear();
                int r = ch.read(bb, pos);
                if (r < 0) {
                    throw new BadSlice("file ended at " + pos + " (expected: " + len + ")");
                }
                bb.flip();
                c.update(bb);
                pos += r;
            }
        }
        if ((int) c.getValue() != crc) {
            throw new BadSlice("checksum mismatch");
        }
    }

    /** Appends the slice's {@code len} bytes to {@code buf} and checks their size and CRC32C. */
    static void readInto(ByteBuf buf, Path p, int len, int crc) throws IOException, BadSlice {
        int start = buf.writerIndex();
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != len) {
                throw new BadSlice("file has " + size + " bytes (expected: " + len + ")");
            }
            while (buf.writerIndex() - start < len) {
                int at = buf.writerIndex() - start;
                if (buf.writeBytes(ch, at, len - at) < 0) {
                    throw new BadSlice("file ended at " + at + " (expected: " + len + ")");
                }
            }
        }
        CRC32C c = new CRC32C();
        c.update(buf.nioBuffer(start, len));
        if ((int) c.getValue() != crc) {
            throw new BadSlice("checksum mismatch");
        }
    }
}
