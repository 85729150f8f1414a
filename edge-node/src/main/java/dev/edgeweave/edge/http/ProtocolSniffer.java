package dev.edgeweave.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Second in a plaintext viewer pipeline, for the first bytes only: a connection that opens with the
 * HTTP/2 connection preface ({@code PRI * HTTP/2.0}, RFC 9113 §3.3, h2c with prior knowledge) gets the
 * h2 handlers; anything else gets the HTTP/1.1 handlers exactly as before. Decides at the first byte
 * that differs from the preface, so an HTTP/1.1 request costs one comparison; then removes itself and
 * hands the bytes read so far to the chosen decoder.
 */
final class ProtocolSniffer extends ByteToMessageDecoder {

    /** RFC 9113 §3.4: what a client with prior knowledge sends first. */
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final EdgeContext ctx;

    ProtocolSniffer(EdgeContext ctx) {
        this.ctx = ctx;
    }

    /** 1: the bytes are the h2 preface; 0: they may still be (too few); -1: they are not. */
    static int matchesPreface(ByteBuf in) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                return -1;
            }
        }
        return n == PREFACE.length ? 1 : 0;
    }

    @Override
    protected void decode(ChannelHandlerContext c, ByteBuf in, List<Object> out) {
        int m = matchesPreface(in);
        if (m == 0) {
            return;
        }
        if (m > 0) {
            // h2 has its own idle handling and its heads come per stream: retire the HTTP/1.1 head timer.
            HeaderTimeoutHandler timeout = c.pipeline().get(HeaderTimeoutHandler.class);
            if (timeout != null) {
                timeout.headReceived(); // cancels its timer
                c.pipeline().remove(timeout);
            }
            H2Pipeline.configure(c, ctx);
        } else {
            EdgeInitializer.http1(c, ctx, false);
        }
        c.pipeline().remove(this);
    }
}
