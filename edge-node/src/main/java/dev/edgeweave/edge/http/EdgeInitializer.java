package dev.edgeweave.edge.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Builds a viewer connection's pipeline; names come from {@link Pipeline}. */
public final class EdgeInitializer extends ChannelInitializer<SocketChannel> {

    private final EdgeContext ctx;

    public EdgeInitializer(EdgeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(Pipeline.HEADER_TIMEOUT, new HeaderTimeoutHandler(ctx.config.timeouts().viewerHeader(),
                ctx.config.timeouts().viewerIdle()));
        p.addLast(Pipeline.DECODER, new EdgeRequestDecoder(ctx.config.maxUriBytes(), ctx.config.maxHeaderBytes()));
        p.addLast(Pipeline.ENCODER, new HttpResponseEncoder());
        p.addLast(Pipeline.PROXY, new ProxyHandler(ctx));
    }
}
