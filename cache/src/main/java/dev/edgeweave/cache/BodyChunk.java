package dev.edgeweave.cache;

import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * A run of body bytes handed out by {@link CachedObject#read}. The caller owns it: it writes and
 * releases a {@link Memory} buffer, or sends a {@link File} region (e.g. {@code new DefaultFileRegion(channel,
 * position, count)}, which closes the channel when released) or closes the channel itself.
 */
public sealed interface BodyChunk permits BodyChunk.Memory, BodyChunk.File {

    /** Bytes in this chunk. */
    long length();

    /** Releases what this chunk holds, for callers that do not send it after all. */
    void discard();

    /** Bytes from the memory tier: a retained duplicate (slice) of the stored buffer; the caller releases it. */
    record Memory(ByteBuf buf) implements BodyChunk {
        public Memory {
            Objects.requireNonNull(buf, "buf");
        }

        @Override
        public long length() {
            return buf.readableBytes();
        }

        @Override
        public void discard() {
            buf.release();
        }
    }

    /** Bytes in a slice file: a freshly opened channel the caller closes (DefaultFileRegion closes it on release). */
    record File(FileChannel channel, long position, long count) implements BodyChunk {
        public File {
            Objects.requireNonNull(channel, "channel");
            if (position < 0 || count < 0) {
                throw new IllegalArgumentException("position/count: " + position + "/" + count + " (expected: >= 0)");
            }
        }

        @Override
        public long length() {
            return count;
        }

        @Override
        public void discard() {
            try {
                channel.close();
            } catch (java.io.IOException e) {
                // closing a read-only channel: nothing to lose
            }
        }
    }
}
