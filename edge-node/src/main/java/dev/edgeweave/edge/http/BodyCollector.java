package dev.edgeweave.edge.http;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Collects a request body up to a limit (request bodies only: response bodies are never aggregated).
 * Reports {@link #overflow()} instead of growing past the limit.
 */
final class BodyCollector {
    private final CompositeByteBuf buf;
    private final int limit;
    private boolean overflow;
    private boolean complete;

    BodyCollector(ByteBufAllocator alloc, int limit) {
        this.buf = alloc.compositeBuffer(1024);
        this.limit = limit;
    }

    /** Adds a piece (takes ownership); returns true when the body is complete or overflowed. */
    boolean add(HttpContent c) {
        if (overflow || complete) {
            c.release();
            return true;
        }
        if (buf.readableBytes() + c.content().readableBytes() > limit) {
            overflow = true;
            c.release();
            return true;
        }
        buf.addComponent(true, c.content().retain());
        complete = c instanceof LastHttpContent;
        c.release();
        return complete;
    }

    boolean overflow() {
        return overflow;
    }

    /** The collected body; the caller owns it. */
    CompositeByteBuf take() {
        return buf;
    }

    void release() {
        if (buf.refCnt() > 0) {
            buf.release();
        }
    }
}
