package dev.edgeweave.edge;

import dev.edgeweave.edge.http.EdgeContext;
import dev.edgeweave.edge.http.EdgeInitializer;
import dev.edgeweave.edge.tls.TlsCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the viewer-facing event loops and listening sockets: the plaintext listener (HTTP/1.1 and h2c)
 * and, when configured, the TLS listener (HTTP/1.1 and h2 by ALPN) with its certificates and their
 * reload thread; bind, and graceful shutdown (stop accepting, let in-flight responses finish within a
 * grace period). No main; see the CLI.
 */
public final class EdgeServer implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Transport transport;
    private Channel server;
    private Channel tlsServer;
    private TlsCertificates certificates;
    private ScheduledExecutorService certReloader;

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
        server = bind(address, new EdgeInitializer(ctx));
        return (InetSocketAddress) server.localAddress();
    }

    /**
     * Loads the certificates of {@code tls}, starts watching them, binds its listen address and serves
     * HTTPS there with {@code ctx}; returns the bound address.
     *
     * @param handshakeTimeout a client gets this long for its ClientHello, and again for the handshake
     * @throws IOException a certificate or key cannot be read (the message names the file)
     */
    public InetSocketAddress bindTls(EdgeConfig.Tls tls, Duration handshakeTimeout, EdgeContext ctx) throws IOException, InterruptedException {
        if (tlsServer != null) {
            throw new IllegalStateException("TLS listener already bound at " + tlsServer.localAddress());
        }
        certReloader = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("edge-tls-reload", true));
        certificates = TlsCertificates.load(tls, handshakeTimeout, certReloader);
        TlsCertificates certs = certificates;
        tlsServer = bind(tls.listen(), new EdgeInitializer(ctx, certs::newHandler));
        return (InetSocketAddress) tlsServer.localAddress();
    }

    /** The TLS listener's certificates, or {@code null} without one. */
    public TlsCertificates certificates() {
        return certificates;
    }

    private Channel bind(InetSocketAddress address, ChannelInitializer<SocketChannel> init) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                .childHandler(init);
        return b.bind(address).sync().channel();
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
        if (tlsServer != null) {
            tlsServer.close().awaitUninterruptibly();
        }
        if (certificates != null) {
            certificates.close();
        }
        if (certReloader != null) {
            certReloader.shutdownNow();
        }
        boss.shutdownGracefully(0, graceMillis, TimeUnit.MILLISECONDS);
        workers.shutdownGracefully(100, graceMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(graceMillis + 5000);
    }
}
