package dev.edgeweave.tracker.dns;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps concurrent DNS TCP connections: a connection beyond the cap is closed as soon as it is accepted.
 * First in every TCP child pipeline ({@code dns-limit -> dns-idle -> ...}); one instance per server,
 * shared by all connections.
 */
@ChannelHandler.Sharable
final class DnsTcpLimit extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DnsTcpLimit.class);

    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    DnsTcpLimit(int max) {
        this.max = max;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int now = open.incrementAndGet();
        if (now > max) {
            log.debug("DNS TCP connection from {} refused: {} open (limit {})", ctx.channel().remoteAddress(),
                    now - 1, max);
            ctx.close();
            return;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open.decrementAndGet();
        super.channelInactive(ctx);
    }

    int open() {
        return open.get();
    }
}
