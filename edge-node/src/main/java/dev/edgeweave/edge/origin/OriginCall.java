package dev.edgeweave.edge.origin;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request/response with an origin: connection choice, timers, and handing messages to the
 * listener. Runs entirely on one event loop.
 */
final class OriginCall implements OriginExchange {

    private final OriginClient client;
    private final EventLoop loop;
    private final OriginRoute route;
    private final HttpRequest request;
    private ByteBuf body;
    private final OriginListener listener;
    private Channel channel;
    private boolean headSeen;
    private boolean done;
    private boolean reused;
    private ScheduledFuture<?> timer;
    private long lastActivityNanos;

    OriginCall(OriginClient client, EventLoop loop, OriginRoute route, HttpRequest request, ByteBuf body,
               OriginListener listener) {
        this.client = client;
        this.loop = loop;
        this.route = route;
        this.request = request;
        this.body = body;
        this.listener = listener;
    }

    void start(boolean mayReuse) {
        Channel pooled = mayReuse ? client.pollIdle(loop, route) : null;
        if (pooled != null) {
            reused = true;
            attach(pooled);
            return;
        }
        reused = false;
        ChannelFuture cf = client.connect(loop, route);
        cf.addListener(f -> {
            if (done) {
                cf.channel().close();
                return;
            }
            if (f.isSuccess()) {
                attach(cf.channel());
            } else {
                Throwable t = f.cause();
                fail(OriginClient.isConnectTimeout(t)
                        ? new OriginFailure(OriginFailure.Kind.CONNECT_TIMEOUT, "connect to "
                        + route.originAuthority() + " timed out after " + client.timeouts().originConnect().toMillis() + " ms")
                        : new OriginFailure(OriginFailure.Kind.CONNECT_FAILED, "connect to "
                        + route.originAuthority() + " failed: " + t.getMessage()));
            }
        });
    }

    private void attach(Channel ch) {
        channel = ch;
        ch.pipeline().get(Handler.class).attach(this);
        HttpRequest toSend = request;
        if (body != null) {
            FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                    request.uri(), body.retainedDuplicate(), request.headers().copy(),
                    io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
            HttpUtil.setContentLength(full, body.readableBytes());
            toSend = full;
        } else if (request instanceof FullHttpRequest f) {
            toSend = f.retainedDuplicate();
        }
        lastActivityNanos = System.nanoTime();
        armTimer(client.timeouts().originFirstByte().toNanos(), true);
        if (!(toSend instanceof FullHttpRequest)) {
            ch.write(toSend);
            ch.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                if (!f.isSuccess() && !done) {
                    closedEarly("write to origin failed: " + f.cause().getMessage());
                }
            });
            ch.read();
            return;
        }
        ch.writeAndFlush(toSend).addListener(f -> {
            if (!f.isSuccess() && !done) {
                closedEarly("write to origin failed: " + f.cause().getMessage());
            }
        });
        ch.read();
    }

    private void armTimer(long nanos, boolean firstByte) {
        cancelTimer();
        timer = loop.schedule(() -> onTimer(nanos, firstByte), nanos, TimeUnit.NANOSECONDS);
    }

    private void onTimer(long nanos, boolean firstByte) {
        if (done) {
            return;
        }
        long idleFor = System.nanoTime() - lastActivityNanos;
        if (idleFor < nanos) {
            timer = loop.schedule(() -> onTimer(nanos, firstByte), nanos - idleFor, TimeUnit.NANOSECONDS);
            return;
        }
        if (firstByte) {
            fail(new OriginFailure(OriginFailure.Kind.FIRST_BYTE_TIMEOUT, "no response head from "
                    + route.originAuthority() + " within " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms"));
        } else {
            fail(new OriginFailure(OriginFailure.Kind.IDLE_TIMEOUT, "origin " + route.originAuthority()
                    + " sent nothing for " + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms mid-body"));
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    void onMessage(Object msg) {
        if (done) {
            OriginClient.safeRelease(msg);
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (msg instanceof HttpResponse head) {
            if (head.decoderResult().isFailure()) {
                OriginClient.safeRelease(msg);
                fail(new OriginFailure(OriginFailure.Kind.PROTOCOL_ERROR,
                        "malformed response from origin: " + head.decoderResult().cause().getMessage()));
                return;
            }
            if (head.status().code() == 100) {
                OriginClient.safeRelease(msg);
                channel.read();
                return;
            }
            headSeen = true;
            armTimer(client.timeouts().originIdle().toNanos(), false);
            boolean keepAlive = HttpUtil.isKeepAlive(head);
            keepAliveAfter = keepAlive;
            listener.onHead(this, head);
            if (msg instanceof HttpContent c) {
                deliver(c);
            }
        } else if (msg instanceof HttpContent c) {
            if (!headSeen) {
                c.release();
                fail(new OriginFailure(OriginFailure.Kind.PROTOCOL_ERROR, "body before response head"));
                return;
            }
            deliver(c);
        } else {
            OriginClient.safeRelease(msg);
        }
    }

    private boolean keepAliveAfter;

    private void deliver(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            fail(new OriginFailure(OriginFailure.Kind.PROTOCOL_ERROR,
                    "malformed body from origin: " + c.decoderResult().cause().getMessage()));
            return;
        }
        boolean last = c instanceof LastHttpContent;
        if (last) {
            done = true;
            cancelTimer();
            Channel ch = channel;
            releaseBody();
            if (keepAliveAfter) {
                client.release(loop, route, ch);
            } else {
                ch.close();
            }
        }
        listener.onContent(this, c);
    }

    void onInactive() {
        if (!done) {
            closedEarly(headSeen ? "origin closed the connection mid-body" : "origin closed the connection before responding");
        }
    }

    void onException(Throwable t) {
        if (!done) {
            fail(new OriginFailure(OriginFailure.Kind.PROTOCOL_ERROR, "origin connection error: " + t.getMessage()));
        }
    }

    private void closedEarly(String why) {
        boolean idempotent = request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
        if (reused && !headSeen && idempotent) {
            // A pooled connection the origin had closed: try once more on a fresh one.
            Channel old = channel;
            channel = null;
            cancelTimer();
            old.pipeline().get(Handler.class).detach();
            old.close();
            start(false);
            return;
        }
        fail(new OriginFailure(OriginFailure.Kind.CLOSED_EARLY, why));
    }

    private void fail(OriginFailure f) {
        if (done) {
            return;
        }
        shutdown();
        OriginClient.logFailure(route, f);
        listener.onError(this, f);
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    @Override
    public void read() {
        if (!done && channel != null) {
            channel.read();
        }
    }

    @Override
    public void abort() {
        if (!done) {
            shutdown();
        }
    }

    /** Ends the call: timers off, body released, connection closed (never reused mid-exchange). */
    private void shutdown() {
        done = true;
        cancelTimer();
        releaseBody();
        if (channel != null) {
            channel.pipeline().get(Handler.class).detach();
            channel.close();
        }
    }

    /** Last handler of an origin connection's pipeline: routes messages to the current call. */
    static final class Handler extends ChannelInboundHandlerAdapter {
        private OriginCall call;

        void attach(OriginCall c) {
            call = c;
        }

        void detach() {
            call = null;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            OriginCall c = call;
            if (c == null) {
                OriginClient.safeRelease(msg);
                ctx.close();
                return;
            }
            c.onMessage(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            OriginCall c = call;
            call = null;
            if (c != null) {
                c.onInactive();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            OriginCall c = call;
            if (c != null) {
                c.onException(cause);
            }
            ctx.close();
        }
    }
}
