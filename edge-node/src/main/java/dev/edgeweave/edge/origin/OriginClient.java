package dev.edgeweave.edge.origin;

import dev.edgeweave.edge.EdgeConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooled keep-alive HTTP/1.1 client to publishers' origins. Connections live on the event loop of the
 * viewer that asked, so the origin read and the viewer write share one thread (no locks, natural
 * backpressure); auto-read is off and the listener pulls the body with {@link OriginExchange#read()}.
 * A request that fails on a reused connection before any response byte is retried once on a fresh one.
 */
public final class OriginClient {

    private static final Logger log = LoggerFactory.getLogger(OriginClient.class);
    private static final int MAX_IDLE_PER_ORIGIN = 64;

    private final EdgeConfig.Timeouts timeouts;
    private final Function<EventLoop, Class<? extends SocketChannel>> channelType;
    private final Map<EventLoop, Map<String, ArrayDeque<Channel>>> idle = new ConcurrentHashMap<>();
    private volatile SslContext ssl;

    /**
     * @param timeouts     connect, first-byte and idle limits
     * @param channelType  the socket channel class matching an event loop's transport (epoll or NIO)
     */
    public OriginClient(EdgeConfig.Timeouts timeouts, Function<EventLoop, Class<? extends SocketChannel>> channelType) {
        this.timeouts = timeouts;
        this.channelType = channelType;
    }

    /**
     * Starts an exchange on {@code loop} (the caller must be on it). The request head is sent as given
     * (callers set Host and the target); {@code body} may be null and is released by this client.
     */
    public OriginExchange send(EventLoop loop, OriginRoute route, HttpRequest request, ByteBuf body,
                               OriginListener listener) {
        OriginCall call = new OriginCall(this, loop, route, request, body, listener);
        call.start(true);
        return call;
    }

    // --- pool, used by OriginCall on the loop ---

    Channel pollIdle(EventLoop loop, OriginRoute route) {
        ArrayDeque<Channel> q = pool(loop).get(key(route));
        while (q != null && !q.isEmpty()) {
            Channel ch = q.pollLast();
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    void release(EventLoop loop, OriginRoute route, Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ArrayDeque<Channel> q = pool(loop).computeIfAbsent(key(route), k -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_ORIGIN) {
            ch.close();
            return;
        }
        ch.pipeline().get(OriginCall.Handler.class).detach();
        q.addLast(ch);
        ch.closeFuture().addListener(f -> q.remove(ch));
    }

    ChannelFuture connect(EventLoop loop, OriginRoute route) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(channelType.apply(loop))
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.originConnect().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws SSLException {
                        if (route.tls()) {
                            ch.pipeline().addLast(sslContext().newHandler(ch.alloc(),
                                    route.origin().getHost(), route.port()));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(8192, 64 << 10, 64 << 10));
                        ch.pipeline().addLast(new OriginCall.Handler());
                    }
                });
        // IP literals resolve at once; names go through the JDK resolver (publishers' origins are few).
        return b.connect(route.origin().getHost(), route.port());
    }

    EdgeConfig.Timeouts timeouts() {
        return timeouts;
    }

    private SslContext sslContext() throws SSLException {
        SslContext s = ssl;
        if (s == null) {
            synchronized (this) {
                if (ssl == null) {
                    ssl = SslContextBuilder.forClient().build();
                }
                s = ssl;
            }
        }
        return s;
    }

    private Map<String, ArrayDeque<Channel>> pool(EventLoop loop) {
        return idle.computeIfAbsent(loop, l -> new HashMap<>());
    }

    private static String key(OriginRoute route) {
        return route.origin().getScheme() + "://" + route.origin().getHost() + ":" + route.port();
    }

    /** Closes every pooled connection. */
    public void close() {
        idle.forEach((loop, m) -> {
            if (!loop.isShuttingDown()) {
                loop.execute(() -> {
                    m.values().forEach(q -> List.copyOf(q).forEach(Channel::close));
                    m.clear();
                });
            }
        });
    }

    /** A GET for {@code target} with the given Host, no body: the common miss request. */
    public static HttpRequest get(HttpMethod method, String target, String host) {
        DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, target);
        r.headers().set(HttpHeaderNames.HOST, host);
        return r;
    }

    static void logFailure(OriginRoute route, OriginFailure f) {
        log.warn("origin {} failed: {}", route.origin(), f);
    }

    static boolean isConnectTimeout(Throwable t) {
        return t instanceof ConnectTimeoutException;
    }

    static void safeRelease(Object o) {
        ReferenceCountUtil.safeRelease(o);
    }
}
