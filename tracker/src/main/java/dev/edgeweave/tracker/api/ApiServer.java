package dev.edgeweave.tracker.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's HTTP/1.1 API (see {@code docs/api.md}): owns its event loops (epoll when available,
 * NIO otherwise), binds, and shuts down gracefully. Endpoints that touch the database run on the
 * {@code blocking} executor the caller provides (and shuts down).
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final InetSocketAddress bind;
    private final ApiContext context;
    private final Executor blocking;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    /**
     * @param bind     listen address; port 0 picks a free port (read it back from {@link #address()})
     * @param context  registries and settings the endpoints use
     * @param blocking runs database-bound endpoints; a bounded executor (a rejected task answers 503)
     */
    public ApiServer(InetSocketAddress bind, ApiContext context, Executor blocking) {
        this.bind = Objects.requireNonNull(bind, "bind");
        this.context = Objects.requireNonNull(context, "context");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
    }

    /** Binds and starts serving; returns the bound address. */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (channel != null) {
            throw new IllegalStateException("API server already started on " + channel.localAddress());
        }
        NettyTransport transport = NettyTransport.best();
        boss = transport.newGroup(1, "tracker-api-accept");
        workers = transport.newGroup(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())),
                "tracker-api");
        try {
            channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ApiInitializer(new Routes(context), blocking, new ApiMetrics(context.meters())))
                    .bind(bind).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        InetSocketAddress bound = address();
        log.info("tracker API listening on http://{}:{} ({})", bound.getHostString(), bound.getPort(),
                transport.name().toLowerCase(java.util.Locale.ROOT));
        return bound;
    }

    /** The bound address (after {@link #start()}). */
    public synchronized InetSocketAddress address() {
        if (channel == null) {
            throw new IllegalStateException("API server not started");
        }
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting, lets in-flight writes finish (up to a few seconds), and releases the event loops. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            channel = null;
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            boss = null;
        }
        if (workers != null) {
            workers.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers = null;
        }
    }
}
