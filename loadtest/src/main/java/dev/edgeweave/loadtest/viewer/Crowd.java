package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.LoadConfig;
import dev.edgeweave.loadtest.report.Stats;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.wire.SignedToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A crowd of {@link Viewer}s on a few event loops (native epoll where it loads). Viewer {@code v}
 * sends from {@code 127.0.(r+1).h} with {@code r = v mod regions} and {@code h = 1 + (v / regions) mod 254},
 * so the tracker's coverage file puts the crowd in {@code regions} different regions; each viewer has its
 * own Ed25519 key and a publisher-issued token.
 */
public final class Crowd implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Crowd.class);

    private final LoadConfig config;
    private final EventLoopGroup group;
    private final CrowdContext ctx;
    private final List<Viewer> viewers = new ArrayList<>();

    /**
     * Builds the viewers (keys, tokens, resolvers); nothing is sent until {@link #start()}.
     *
     * @param streams the stream paths viewers choose from (Zipf over this order)
     * @param tokens issues each viewer's token, or null when viewers post no receipts
     * @param nanos monotonic clock for pacing and latencies
     * @param millis wall clock for receipt timestamps
     */
    public Crowd(LoadConfig config, List<String> streams, TokenSource tokens, Stats stats, LongSupplier nanos,
                 LongSupplier millis) {
        this.config = config;
        boolean epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(config.threads(), new DefaultThreadFactory("viewers", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        config.timeout().toMillis()));
        this.ctx = new CrowdContext(config, streams, stats, nanos, millis, b);
        SecureRandom keys = new SecureRandom();
        SplittableRandom seeds = new SplittableRandom(config.seed());
        for (int v = 0; v < config.viewers(); v++) {
            EventLoop loop = group.next();
            InetAddress source = sourceAddress(v, config.regions());
            Steering steering = config.dns() != null
                    ? new DnsSteering(config.dns(), source, config.host(), config.timeout(), loop, nanos)
                    : Steering.fixed(config.target().getAddress());
            ReceiptBook book = null;
            if (tokens != null) {
                Ed25519KeyPair key = Ed25519KeyPair.generate(keys);
                SignedToken token = tokens.issue(key.publicKey());
                book = new ReceiptBook(key, token, millis);
            }
            viewers.add(new Viewer(v, ctx, loop, source, steering, book, seeds.split()));
        }
        log.info("crowd of {} viewers on {} {} threads, {} regions, {}", config.viewers(), config.threads(),
                epoll ? "epoll" : "nio", config.regions(), config.dns() != null ? "DNS via " + config.dns()
                        : "fixed target " + config.target());
    }

    /** Viewer {@code v}'s source address. */
    public static InetAddress sourceAddress(int v, int regions) {
        int r = v % regions;
        int h = 1 + (v / regions) % 254;
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (r + 1), (byte) h});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Viewers join evenly over the ramp. */
    public void start() {
        long ramp = config.ramp().toNanos();
        for (int v = 0; v < viewers.size(); v++) {
            Viewer viewer = viewers.get(v);
            long delay = viewers.size() <= 1 ? 0 : ramp * v / viewers.size();
            group.next().schedule(viewer::start, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Where each viewer's last good segment came from ({@code ip:port}, or null), by viewer. */
    public Map<Integer, String> currentNodes() {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int v = 0; v < viewers.size(); v++) {
            m.put(v, viewers.get(v).currentNode());
        }
        return m;
    }

    /** Whether the request budget ({@code --max-requests}) is spent. */
    public boolean budgetSpent() {
        return ctx.budgetSpent();
    }

    /**
     * Stops every viewer, lets each post the receipts it still owes (up to {@code grace}), and returns
     * the viewers' stories (a viewer that did not finish in time reports what it has).
     */
    public List<ViewerResult> finish(Duration grace) throws InterruptedException {
        List<CompletableFuture<ViewerResult>> fs = new ArrayList<>();
        for (Viewer v : viewers) {
            fs.add(v.finish());
        }
        long deadline = ctx.nanos.getAsLong() + grace.toNanos();
        List<ViewerResult> out = new ArrayList<>();
        int late = 0;
        for (CompletableFuture<ViewerResult> f : fs) {
            try {
                out.add(f.get(Math.max(1, deadline - ctx.nanos.getAsLong()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                late++;
            }
        }
        if (late > 0) {
            log.warn("{} viewers did not finish posting receipts within {} ms; their results are left out", late,
                    grace.toMillis());
        }
        return out;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
