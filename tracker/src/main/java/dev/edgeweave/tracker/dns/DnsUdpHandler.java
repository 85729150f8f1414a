package dev.edgeweave.tracker.dns;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over UDP. Pipeline: {@code [datagram channel] -> dns-udp (this)}. Writes each answer
 * without flushing and flushes once per read batch, so that epoll sends a batch with one
 * {@code sendmmsg} (and receives with {@code recvmmsg}). Stateless apart from the responder: sharable.
 */
@ChannelHandler.Sharable
final class DnsUdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(DnsUdpHandler.class);

    private final DnsResponder responder;

    DnsUdpHandler(DnsResponder responder) {
        this.responder = responder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf response = responder.respond(ctx.alloc(), packet.content(), packet.sender().getAddress(), true);
        if (response != null) {
            ctx.write(new DatagramPacket(response, packet.sender()), ctx.voidPromise());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a UDP socket error (e.g. ICMP port unreachable surfaced by the kernel) concerns one peer only
        log.debug("DNS UDP error on {}: {}", ctx.channel().localAddress(), cause.toString());
    }
}
