package dev.edgeweave.edge;

import dev.edgeweave.edge.http.EdgeContext;
import dev.edgeweave.edge.http.EdgeInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Owns the viewer-facing event loops and listening socket: bind, and graceful shutdown (stop
 * accepting, let in-flight responses finish within a grace period). No main; see the CLI.
 */
public final class EdgeServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Transport transport;
    private Channel server;

    public EdgeServer(Transport transport, int ioThreads) {
        this.transport = transport;
        this.boss = transport.newGroup(1, new DefaultThreadFactory("edge-accept", true));
        this.workers = transport.newGroup(ioThreads, new DefaultThreadFactory("edge-io", true));
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Transport transport() {
        return transport;
    }

    /** Binds {@code address} and serves with {@code ctx}; returns the bound address. */
    public InetSocketAddress bind(InetSocketAddress address, EdgeContext ctx) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                .childHandler(new EdgeInitializer(ctx));
        server = b.bind(address).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops accepting; waits up to {@code graceMillis} for loops to finish their work. */
    @Override
    public void close() {
        close(2000);
    }

    public void close(long graceMillis) {
        if (server != null) {
            server.close().awaitUninterruptibly();
        }
        boss.shutdownGracefully(0, graceMillis, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(100, graceMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMillis + 5000);
    }
}
