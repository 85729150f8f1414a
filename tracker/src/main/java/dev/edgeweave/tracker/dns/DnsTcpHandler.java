package dev.edgeweave.tracker.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over TCP, several queries per connection, in order. Pipeline:
 * {@code dns-idle (IdleStateHandler) -> dns-frame (2-byte length decoder) -> dns-length (2-byte length
 * prepender) -> dns-tcp (this)}. Closes the connection when it has been idle for the configured time.
 */
final class DnsTcpHandler extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(DnsTcpHandler.class);

    private final DnsResponder responder;

    DnsTcpHandler(DnsResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
        ByteBuf response = responder.respond(ctx.alloc(), frame, peer.getAddress(), false);
        if (response != null) {
            ctx.write(response, ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("DNS TCP connection from {} idle, closing", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("DNS TCP connection from {} failed, closing: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
