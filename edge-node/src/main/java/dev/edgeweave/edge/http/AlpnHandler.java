package dev.edgeweave.edge.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Second in a TLS viewer pipeline, until the handshake ends: then it builds the h2 pipeline
 * ({@link H2Pipeline}) if the client chose {@code h2} by ALPN, else the HTTP/1.1 one (clients that
 * send no ALPN included), and removes itself. Anything decrypted before that is held and passed on in
 * order. A failed handshake closes the connection; plaintext HTTP on the TLS port gets a 400 saying
 * so, then the close, with one log line.
 */
final class AlpnHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AlpnHandler.class);
    private static final byte[] PLAINTEXT_REPLY = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 45\r\nConnection: close\r\n\r\nThis port speaks HTTPS: use https:// for it.\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final EdgeContext ctx;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private boolean configured;

    AlpnHandler(EdgeContext ctx) {
        this.ctx = ctx;
    }

    /** The protocol the handshake settled on; no ALPN (or Conscrypt's {@code null} for it) means HTTP/1.1. */
    static String negotiated(SslHandler ssl) {
        String p = ssl.applicationProtocol();
        if (p == null) {
            try {
                p = ssl.engine().getApplicationProtocol(); // engines Netty does not wrap (Conscrypt here)
            } catch (UnsupportedOperationException e) {
                p = null;
            }
        }
        return p == null || p.isEmpty() ? ApplicationProtocolNames.HTTP_1_1 : p;
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (configured) {
            c.fireChannelRead(msg);
        } else {
            held.add(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext c, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done && !configured) {
            if (!done.isSuccess()) {
                handshakeFailed(c, done.cause());
                return;
            }
            SslHandler ssl = c.pipeline().get(SslHandler.class);
            configured = true;
            if (ApplicationProtocolNames.HTTP_2.equals(negotiated(ssl))) {
                H2Pipeline.configure(c, ctx);
            } else {
                EdgeInitializer.http1(c, ctx, true);
            }
            c.pipeline().remove(this);
            return;
        }
        c.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext c) {
        Object m;
        boolean any = false;
        while ((m = held.poll()) != null) {
            if (configured && c.channel().isActive()) {
                c.fireChannelRead(m);
                any = true;
            } else {
                ReferenceCountUtil.release(m);
            }
        }
        if (any) {
            c.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        c.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof NotSslRecordException && !configured) {
            return; // reported with the handshake failure event that follows
        }
        log.debug("TLS connection {} error: {}", c.channel().remoteAddress(), t.toString());
        c.close();
    }

    private void handshakeFailed(ChannelHandlerContext c, Throwable cause) {
        configured = true; // nothing more to hold
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof NotSslRecordException) {
            log.info("closing {}: not TLS on the TLS port (plaintext HTTP?): answered 400", c.channel().remoteAddress());
            // Written below the SslHandler (which fails every write once its engine failed), then closed.
            ChannelHandlerContext raw = c.pipeline().context(SslHandler.class);
            (raw != null ? raw : c).writeAndFlush(Unpooled.wrappedBuffer(PLAINTEXT_REPLY))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        log.debug("TLS handshake with {} failed: {}", c.channel().remoteAddress(), t.toString());
        c.close();
    }
}
