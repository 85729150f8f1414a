package dev.edgeweave.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
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

    /** Writes an error and, if {@code close}, closes the connection after it. */
    static ChannelFuture send(Channel ch, FullHttpResponse r, boolean close) {
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture f = ch.writeAndFlush(r);
        if (close) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}
