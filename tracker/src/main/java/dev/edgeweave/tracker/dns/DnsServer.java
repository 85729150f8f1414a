package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Steering;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authoritative DNS server for the steering zone: dnsjava's message model, Netty's UDP and TCP
 * transports (epoll when available, else NIO), no thread per packet or connection. Answers come from
 * {@link Steering}: the server registers as its listener and precomputes answers on every update.
 *
 * <p>{@link #start()} binds UDP first, then TCP on the port UDP got (with port 0 both share one
 * ephemeral port; if TCP finds that port taken, both are released and a new port is tried, up to 20
 * times). With epoll and {@code threads > 1}, each thread gets its own UDP socket on the port
 * (SO_REUSEPORT), so the kernel spreads queries across cores.
 *
 * <p>When bound to a wildcard address on a multi-homed host, replies leave from the address the kernel
 * picks, which may not be the one queried; bind the public address itself.
 */
public final class DnsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
    private static final int BIND_ATTEMPTS = 20;
    /** Largest UDP query read; recvmmsg reads up to RECV_BUFFER / MAX_QUERY datagrams per call. */
    private static final int MAX_UDP_QUERY = 2048;
    private static final int RECV_BUFFER = 32 * MAX_UDP_QUERY;

    private final DnsConfig config;
    private final Steering steering;
    private final DnsMetrics metrics;
    private final DnsResponder responder;
    private final DnsTcpLimit tcpLimit;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private boolean epoll;
    private InetSocketAddress udpAddress;
    private InetSocketAddress tcpAddress;

    /** Creates a server; nothing is bound until {@link #start()}. */
    public DnsServer(DnsConfig config, Steering steering, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.steering = Objects.requireNonNull(steering, "steering");
        Objects.requireNonNull(registry, "registry");
        if (!config.zone().equals(steering.config().zone())) {
            throw new IllegalArgumentException("config.zone: '" + config.zone() + "' (expected: the steering zone '"
                    + steering.config().zone() + "')");
        }
        this.metrics = new DnsMetrics(registry, config.zone());
        this.responder = new DnsResponder(config, metrics);
        this.tcpLimit = new DnsTcpLimit(config.maxTcpConnections());
    }

    /**
     * Binds UDP, then TCP on the port UDP got, and starts answering.
     *
     * @throws IllegalStateException if already started or the address cannot be bound (message names it)
     */
    public synchronized void start() throws InterruptedException {
        if (group != null) {
            throw new IllegalStateException("DNS server already started on " + udpAddress);
        }
        epoll = switch (config.transport()) {
            case EPOLL -> {
                Epoll.ensureAvailability();
                yield true;
            }
            case NIO -> false;
            case AUTO -> Epoll.isAvailable();
        };
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(config.threads(), new DefaultThreadFactory("edgeweave-dns"), io);
        steering.addListener(responder);
        try {
            bind();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        log.info("DNS for zone {} on udp/{} and tcp/{} ({}, {} thread{})", config.zone(), hostPort(udpAddress),
                hostPort(tcpAddress), epoll ? "epoll" : "nio", config.threads(), config.threads() == 1 ? "" : "s");
    }

    private void bind() throws InterruptedException {
        int sockets = epoll ? config.threads() : 1;
        for (int attempt = 1; ; attempt++) {
            List<Channel> bound = new ArrayList<>();
            Channel first = bindUdp(config.bind(), sockets > 1);
            bound.add(first);
            InetSocketAddress udp = (InetSocketAddress) first.localAddress();
            for (int i = 1; i < sockets; i++) {
                bound.add(bindUdp(udp, true));
            }
            ChannelFuture tcp = tcpBootstrap().bind(udp);
            tcp.await();
            if (tcp.isSuccess()) {
                bound.add(tcp.channel());
                channels.addAll(bound);
                udpAddress = udp;
                tcpAddress = (InetSocketAddress) tcp.channel().localAddress();
                return;
            }
            for (Channel c : bound) {
                c.close().await();
            }
            boolean clash = tcp.cause() instanceof BindException
                    || String.valueOf(tcp.cause().getMessage()).contains("in use");
            if (config.bind().getPort() != 0 || !clash || attempt == BIND_ATTEMPTS) {
                throw new IllegalStateException("DNS: cannot bind tcp/" + hostPort(udp) + ": " + tcp.cause().getMessage(),
                        tcp.cause());
            }
            log.debug("DNS: tcp/{} taken, retrying with a new port", hostPort(udp));
        }
    }

    private Channel bindUdp(InetSocketAddress address, boolean reusePort) throws InterruptedException {
        // an IPv4 address gets an AF_INET socket: the dual-stack AF_INET6 default costs kernel time per datagram
        SocketProtocolFamily family = address.getAddress() instanceof Inet4Address
                ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> epoll ? new EpollDatagramChannel(family) : new NioDatagramChannel(family))
                // thread-cached pooled buffers: one small response buffer per query, allocated and freed on
                // the event loop (measured here: less CPU per query than Netty 4.2's adaptive default)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(DnsPipeline.UDP, new DnsUdpHandler(responder));
                    }
                });
        if (epoll) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY)
                    .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECV_BUFFER));
            if (reusePort) {
                b.option(UnixChannelOption.SO_REUSEPORT, true);
            }
        }
        ChannelFuture f = b.bind(address).await();
        if (!f.isSuccess()) {
            throw new IllegalStateException("DNS: cannot bind udp/" + hostPort(address) + ": " + f.cause().getMessage(),
                    f.cause());
        }
        return f.channel();
    }

    private ServerBootstrap tcpBootstrap() {
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        long idleMillis = config.tcpIdleTimeout().toMillis();
        return new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(DnsPipeline.LIMIT, tcpLimit)
                                .addLast(DnsPipeline.IDLE, new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(DnsPipeline.FRAME, new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2))
                                .addLast(DnsPipeline.LENGTH, new LengthFieldPrepender(2))
                                .addLast(DnsPipeline.TCP, new DnsTcpHandler(responder));
                    }
                });
    }

    /** The bound UDP address. */
    public synchronized InetSocketAddress udpAddress() {
        if (udpAddress == null) {
            throw new IllegalStateException("DNS server not started");
        }
        return udpAddress;
    }

    /** The bound TCP address (same port as UDP). */
    public synchronized InetSocketAddress tcpAddress() {
        if (tcpAddress == null) {
            throw new IllegalStateException("DNS server not started");
        }
        return tcpAddress;
    }

    /** Stops answering, closes every socket and the event loops; idempotent. */
    @Override
    public synchronized void close() {
        steering.removeListener(responder);
        for (Channel c : channels) {
            c.close().awaitUninterruptibly();
        }
        channels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
            if (udpAddress != null) {
                log.info("DNS for zone {} on {} stopped", config.zone(), hostPort(udpAddress));
            }
        }
    }

    /** The responder, for tests in this package. */
    DnsResponder responder() {
        return responder;
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
