package dev.edgeweave.edge.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Mapping;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in a TLS viewer pipeline: reads the ClientHello's server name, picks that name's certificate
 * (or the default; {@link HostMapping}) and replaces itself with the provider's {@link SslHandler}.
 * A name with no certificate and no default gets a clean {@code unrecognized_name} alert and a close.
 */
final class EdgeSniHandler extends SniHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeSniHandler.class);
    /** TLS record: alert, TLS 1.0 record version, length 2, fatal (2), unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x70};

    private final TlsProvider provider;
    private final long handshakeTimeoutMillis;

    EdgeSniHandler(Mapping<String, SslContext> mapping, TlsProvider provider, long handshakeTimeoutMillis) {
        super(mapping, handshakeTimeoutMillis);
        this.provider = provider;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) throws Exception {
        if (sslContext == null) {
            log.info("TLS from {}: no certificate for server name {} and no default certificate: unrecognized_name",
                    ctx.channel().remoteAddress(), hostname == null ? "(none sent)" : hostname);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME)).addListener(ChannelFutureListener.CLOSE);
            ctx.pipeline().remove(this);
            return;
        }
        super.replaceHandler(ctx, hostname, sslContext);
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator alloc) {
        SslHandler h;
        if (provider == TlsProvider.CONSCRYPT) {
            SSLEngine engine = context.newEngine(alloc);
            ConscryptSupport.configure(engine);
            h = new ConscryptSslHandler(engine);
        } else {
            h = context.newHandler(alloc);
        }
        h.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return h;
    }
}
