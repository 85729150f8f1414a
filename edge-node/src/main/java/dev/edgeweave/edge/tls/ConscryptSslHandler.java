package dev.edgeweave.edge.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SslHandler} of a Conscrypt connection: the same, plus releasing the engine's native state
 * when the connection closes. Conscrypt frees its SSL object only once both directions are closed
 * and the close_notify has been wrapped; Netty's handler closes the engine but never drains it,
 * so each closed connection otherwise keeps native resources (two pipe descriptors measured) until a
 * GC finalizes the engine (EMFILE after ~10k connections).
 */
final class ConscryptSslHandler extends SslHandler {

    private static final Logger log = LoggerFactory.getLogger(ConscryptSslHandler.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    ConscryptSslHandler(SSLEngine engine) {
        super(engine);
        setWrapDataSize(ConscryptSupport.WRAP_DATA_SIZE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            release(engine());
        }
    }

    /** Closes both directions and wraps until the engine reports CLOSED, so it frees itself now. */
    static void release(SSLEngine engine) {
        engine.closeOutbound();
        ByteBuffer sink = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        try {
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                sink.clear();
                SSLEngineResult r = engine.wrap(EMPTY, sink);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
            }
        } catch (SSLException | RuntimeException e) {
            log.debug("draining a closed Conscrypt engine: {}", e.toString());
        }
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            // expected: the peer's close_notify never arrives on an aborted connection
        }
    }
}
