package dev.edgeweave.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Small responses the edge makes itself: errors with a one-line reason, and fixed bodies. */
final class Responses {
    private Responses() {}

    /** A text/plain response whose body is {@code reason} and a newline. */
    static FullHttpResponse text(HttpResponseStatus status, String reason, String cacheStatus) {
        ByteBuf body = Unpooled.copiedBuffer(reason + "\n", StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (cacheStatus != null) {
            r.headers().set("Cache-Status", cacheStatus);
        }
        return r;
    }

    /**
     * Closes after a final response without destroying it: the peer may still be sending (a body, a
     * header section we refused), and closing with unread input makes the kernel reset the connection,
     * which can discard the response before the peer reads it. So our side is shut down, input keeps
     * being read and dropped (the proxy ignores it once broken), and the socket closes when the peer
     * closes or after 2 s (nginx's lingering_close).
     */
    static void lingeringClose(Channel ch, boolean written) {
        if (!written || !(ch instanceof io.netty.channel.socket.DuplexChannel d)) {
            ch.close();
            return;
        }
        d.shutdownOutput();
        ch.config().setAutoRead(true);
        ch.eventLoop().schedule(() -> {
            ch.close();
        }, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Writes an error and, if {@code close}, closes the connection after it (lingering). */
    static ChannelFuture send(Channel ch, FullHttpResponse r, boolean close) {
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ch.writeAndFlush(r);
        if (close) {
            f.addListener(done -> lingeringClose(ch, done.isSuccess()));
        }
        return f;
    }
}
