package dev.edgeweave.edge.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in a viewer pipeline. Between requests it closes a connection idle for {@code idle}; once the
 * first byte of a request arrives, the whole head must arrive within {@code header} (slowloris), else
 * the connection is closed with a log line. The proxy tells it when a head was decoded and when the
 * response finished.
 */
final class HeaderTimeoutHandler extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(HeaderTimeoutHandler.class);

    private enum State { IDLE, PARTIAL, BUSY }

    private final long headerNanos;
    private final long idleNanos;
    private ChannelHandlerContext ctx;
    private State state = State.IDLE;
    private ScheduledFuture<?> timer;

    HeaderTimeoutHandler(Duration header, Duration idle) {
        this.headerNanos = header.toNanos();
        this.idleNanos = idle.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        ctx = c;
        if (c.channel().isActive()) {
            arm(idleNanos, false);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        arm(idleNanos, false);
        c.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (state == State.IDLE) {
            state = State.PARTIAL;
            arm(headerNanos, true);
        }
        c.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        cancel();
        c.fireChannelInactive();
    }

    void headReceived() {
        state = State.BUSY;
        cancel();
    }

    void responseDone() {
        state = State.IDLE;
        arm(idleNanos, false);
    }

    private void arm(long nanos, boolean header) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            if (header && state == State.PARTIAL) {
                log.info("closing {}: request head not complete within {} ms", ctx.channel().remoteAddress(),
                        TimeUnit.NANOSECONDS.toMillis(nanos));
                ctx.close();
            } else if (!header && state == State.IDLE) {
                ctx.close();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
