package dev.edgeweave.edge.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.util.function.Supplier;

/**
 * Builds a viewer connection's pipeline; names come from {@link Pipeline}. A plaintext connection starts
 * with the header timeout and the {@link ProtocolSniffer} (HTTP/1.1, or h2c with prior knowledge); a TLS
 * connection with the certificate chooser and {@link AlpnHandler} (HTTP/1.1 or h2 by ALPN). Either way
 * the HTTP/1.1 handlers and the h2 handlers ({@link H2Pipeline}) are added here, and every request ends
 * at the one {@link ProxyHandler}.
 */
public final class EdgeInitializer extends ChannelInitializer<SocketChannel> {

    private final EdgeContext ctx;
    private final Supplier<? extends ChannelHandler> tls;

    /** A plaintext listener: HTTP/1.1, and h2c for clients that open with the HTTP/2 preface. */
    public EdgeInitializer(EdgeContext ctx) {
        this(ctx, null);
    }

    /** A TLS listener: {@code tls} gives each connection its first handler (certificate by SNI, then SslHandler). */
    public EdgeInitializer(EdgeContext ctx, Supplier<? extends ChannelHandler> tls) {
        this.ctx = ctx;
        this.tls = tls;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            p.addLast(Pipeline.TLS, tls.get());
            p.addLast(Pipeline.ALPN, new AlpnHandler(ctx));
            return;
        }
        p.addLast(Pipeline.HEADER_TIMEOUT, headerTimeout(ctx));
        p.addLast(Pipeline.PROTOCOL_SNIFFER, new ProtocolSniffer(ctx));
    }

    static HeaderTimeoutHandler headerTimeout(EdgeContext ctx) {
        return new HeaderTimeoutHandler(ctx.config.timeouts().viewerHeader(), ctx.config.timeouts().viewerIdle());
    }

    /**
     * Adds the HTTP/1.1 handlers right after {@code at} (which then removes itself) and gives them the
     * channelActive they missed, so each one starts as on a fresh connection.
     */
    static void http1(ChannelHandlerContext at, EdgeContext ctx, boolean withHeaderTimeout) {
        ChannelPipeline p = at.pipeline();
        String prev = at.name();
        if (withHeaderTimeout) {
            p.addAfter(prev, Pipeline.HEADER_TIMEOUT, headerTimeout(ctx));
            prev = Pipeline.HEADER_TIMEOUT;
        }
        p.addAfter(prev, Pipeline.DECODER, new EdgeRequestDecoder(ctx.config.maxUriBytes(), ctx.config.maxHeaderBytes()));
        p.addAfter(Pipeline.DECODER, Pipeline.ENCODER, new HttpResponseEncoder());
        p.addAfter(Pipeline.ENCODER, Pipeline.PROXY, new ProxyHandler(ctx));
        at.fireChannelActive();
    }
}
