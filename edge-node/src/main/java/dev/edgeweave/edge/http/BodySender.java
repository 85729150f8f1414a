package dev.edgeweave.edge.http;

import dev.edgeweave.cache.BodyChunk;
import dev.edgeweave.cache.CachedObject;
import dev.edgeweave.cache.CorruptObjectException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams bytes [start, end) of a cached object to a viewer, one piece per write, continuing only
 * when the previous write completed and the channel is writable: a slow viewer holds at most one
 * piece in memory, whatever the object's size. Memory-tier pieces are retained buffers (no copy);
 * disk pieces go out by sendfile when {@link ZeroCopy} allows, else through one pooled buffer.
 * Reads an object still filling: when it runs out of bytes it waits for the store's callback.
 */
final class BodySender {

    private static final Logger log = LoggerFactory.getLogger(BodySender.class);
    static final int COPY_CHUNK = 256 << 10;

    /** How the sending ended. */
    interface Done {
        /** {@code ok} false: the connection was closed mid-body (the viewer must not see it complete). */
        void done(boolean ok, long bytesSent, String tier, boolean corrupt);
    }

    /** Fetches a missing slice of a sparse object (then the store wakes the sender). */
    interface SliceFetcher {
        void fetch(CachedObject obj, int slice);
    }

    private final Channel ch;
    private final CachedObject obj;
    private final long end; // exclusive; -1 = until the object completes
    private final boolean copy;
    private final SliceFetcher slices;
    private final Done done;
    private final EdgeContext ctx;
    private long pos;
    private long sent;
    private boolean finished;
    private boolean waiting;
    private String tier;

    BodySender(EdgeContext ctx, Channel ch, CachedObject obj, long start, long end,
               SliceFetcher slices, Done done) {
        this.ctx = ctx;
        this.ch = ch;
        this.obj = obj;
        this.pos = start;
        this.end = end;
        this.copy = ZeroCopy.mustCopy(ch);
        this.slices = slices;
        this.done = done;
        this.tier = obj.complete() ? (obj.inMemory() ? "memory" : "disk") : "origin";
    }

    String tier() {
        return tier;
    }

    void start() {
        pump();
    }

    /**
     * Writability needs no action: the sender has at most one piece in flight and continues only when
     * that write completed, so pacing follows the viewer without the writability event (relying on it
     * raced with the write's completion and could stall a response).
     */
    void writable() {
    }

    void cancel() {
        finished = true;
    }

    private void pump() {
        if (finished) {
            return;
        }
        if (!ch.isActive()) {
            finish(false, false);
            return;
        }
        long length = obj.length();
        long stop = end >= 0 ? end : length;
        if (stop >= 0 && pos >= stop && (end >= 0 || obj.complete())) {
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish(f.isSuccess(), false));
            finished = true;
            return;
        }
        if (obj.failed()) {
            log.debug("object {} failed mid-send ({}): closing viewer connection", obj.key(), obj.failureReason());
            finish(false, false);
            return;
        }
        long avail = obj.available(pos);
        if (avail <= 0) {
            if (obj.complete() && end < 0 && length >= 0 && pos >= length) {
                ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish(f.isSuccess(), false));
                finished = true;
                return;
            }
            if (obj.sparse() && slices != null) {
                int s = (int) (pos / obj.sliceSize());
                if (!obj.hasSlice(s)) {
                    slices.fetch(obj, s);
                }
            }
            waiting = true;
            obj.onAvailable(pos, () -> ch.eventLoop().execute(() -> {
                waiting = false;
                pump();
            }));
            return;
        }
        long want = stop >= 0 ? Math.min(avail, stop - pos) : avail;
        if (copy) {
            want = Math.min(want, COPY_CHUNK);
        }
        BodyChunk chunk;
        try {
            chunk = obj.read(pos, want);
        } catch (CorruptObjectException e) {
            log.warn("corrupt cache entry {} dropped: {}", obj.key(), e.getMessage());
            finish(false, true);
            return;
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // OutOfMemoryError: the memory tier could not reserve direct memory for a copy (a memory tier
            // larger than -XX:MaxDirectMemorySize). Close the viewer's connection cleanly rather than
            // leaving it hanging with a short body.
            log.warn("cache read failed for {}: {}", obj.key(), e.toString());
            finish(false, false);
            return;
        }
        long n = chunk.length();
        Object msg;
        if (chunk instanceof BodyChunk.Memory m) {
            tier = tier.equals("origin") ? tier : "memory";
            msg = new DefaultHttpContent(m.buf());
        } else {
            BodyChunk.File f = (BodyChunk.File) chunk;
            if (copy) {
                msg = new DefaultHttpContent(readInto(f));
            } else {
                msg = new DefaultFileRegion(f.channel(), f.position(), f.count());
            }
        }
        if (msg == null) {
            finish(false, true);
            return;
        }
        pos += n;
        sent += n;
        ChannelFuture wf = ch.writeAndFlush(msg);
        wf.addListener(f -> {
            if (!f.isSuccess()) {
                finish(false, false);
            } else {
                pump();
            }
        });
    }

    private ByteBuf readInto(BodyChunk.File f) {
        int n = (int) Math.min(f.count(), COPY_CHUNK);
        ByteBuf buf = ch.alloc().ioBuffer(n);
        try (FileChannel fc = f.channel()) {
            long p = f.position();
            while (buf.writableBytes() > 0 && buf.writerIndex() < n) {
                int r = buf.writeBytes(fc, p, n - buf.writerIndex());
                if (r < 0) {
                    break;
                }
                p += r;
            }
            if (buf.readableBytes() < n) {
                buf.release();
                return null;
            }
            return buf;
        } catch (IOException e) {
            buf.release();
            return null;
        }
    }

    private void finish(boolean ok, boolean corrupt) {
        if (!ok && ch.isActive() && !corrupt) {
            ch.close();
        }
        finished = true;
        ctx.metrics.bytesOut(tier, sent);
        done.done(ok, sent, tier, corrupt);
    }
}
