package dev.edgeweave.loadtest.origin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load generator's own publisher origin: serves {@code streams} copies of a {@link Clip} at
 * {@code /s0/index.m3u8}, {@code /s1/index.m3u8}, … the way a careful publisher does (segments
 * immutable for a day, playlists for 2 s, strong ETags, {@code Repr-Digest}), and breaks on request:
 * {@link #fail()} answers every request {@code 503}, {@link #slow(Duration)} delays every response,
 * {@link #recover()} goes back to normal.
 */
public final class LoadOrigin implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadOrigin.class);
    private static final String LAST_MODIFIED = "Sun, 01 Nov 2026 00:00:00 GMT";

    private record Body(byte[] bytes, String type, String cacheControl, String etag, String digest) {}

    private final Map<String, Body> files = new HashMap<>();
    private final int streams;
    private final double clipBitsPerSecond;
    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long delayNanos;
    private volatile boolean failing;

    /** Serves {@code streams} copies of {@code clip} on {@code bind} (port 0 picks one). */
    public LoadOrigin(Clip clip, int streams, InetSocketAddress bind) throws InterruptedException {
        this.streams = streams;
        this.clipBitsPerSecond = clip.bitsPerSecond();
        Body playlist = body(clip.playlist(), "application/vnd.apple.mpegurl", "public, max-age=2");
        Map<String, Body> segs = new HashMap<>();
        clip.segments().forEach((name, bytes) -> segs.put(name, body(bytes, "video/mp2t",
                "public, max-age=86400, immutable")));
        for (int k = 0; k < streams; k++) {
            files.put("/s" + k + "/index.m3u8", playlist);
            for (Map.Entry<String, Body> e : segs.entrySet()) {
                files.put("/s" + k + "/" + e.getKey(), e.getValue());
            }
        }
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("load-origin", true),
                NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new Handler());
                    }
                }).bind(bind).sync().channel();
        log.info("load origin: {} copies of a {}-segment clip ({} kbit/s) at {}", streams, clip.segments().size(),
                Math.round(clip.bitsPerSecond() / 1000), uri());
    }

    /** {@code http://ip:port}. */
    public URI uri() {
        InetSocketAddress a = (InetSocketAddress) server.localAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** Stream {@code k}'s playlist path. */
    public static String streamPath(int k) {
        return "/s" + k + "/index.m3u8";
    }

    public int streams() {
        return streams;
    }

    /** The clip's average bit rate. */
    public double clipBitsPerSecond() {
        return clipBitsPerSecond;
    }

    /** Requests received so far (edge misses and revalidations). */
    public long requests() {
        return requests.get();
    }

    /** Requests answered 503 because of {@link #fail()}. */
    public long failedRequests() {
        return failed.get();
    }

    /** From now on every request gets {@code 503}. */
    public void fail() {
        failing = true;
        log.info("load origin: failing every request from now on");
    }

    /** From now on every response is delayed by {@code delay}. */
    public void slow(Duration delay) {
        delayNanos = delay.toNanos();
        log.info("load origin: delaying every response by {} ms", delay.toMillis());
    }

    /** Back to normal. */
    public void recover() {
        failing = false;
        delayNanos = 0;
        log.info("load origin: recovered");
    }

    private static Body body(byte[] bytes, String type, String cc) {
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        return new Body(bytes, type, cc, "\"" + HexFormat.of().formatHex(sha, 0, 8) + "\"",
                "sha-256=:" + Base64.getEncoder().encodeToString(sha) + ":");
    }

    /** Answers each request head; request bodies (none expected) are dropped. */
    private final class Handler extends SimpleChannelInboundHandler<HttpObject> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (!(msg instanceof HttpRequest req)) {
                return;
            }
            requests.incrementAndGet();
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            FullHttpResponse r = respond(req);
            HttpUtil.setKeepAlive(r, keepAlive);
            long delay = delayNanos;
            if (delay > 0) {
                ctx.executor().schedule(() -> write(ctx, r, keepAlive), delay, TimeUnit.NANOSECONDS);
            } else {
                write(ctx, r, keepAlive);
            }
        }

        private void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
            if (!ctx.channel().isActive()) {
                r.release();
                return;
            }
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse respond(HttpRequest req) {
            if (failing) {
                failed.incrementAndGet();
                return text(HttpResponseStatus.SERVICE_UNAVAILABLE, "origin failure injected by edgeweave loadtest\n");
            }
            if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
                FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD\n");
                r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
                return r;
            }
            String path = URI.create(req.uri()).getPath();
            Body b = path == null ? null : files.get(path);
            if (b == null) {
                return text(HttpResponseStatus.NOT_FOUND, "no such file: " + req.uri() + "\n");
            }
            boolean notModified = b.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH));
            boolean head = req.method().equals(HttpMethod.HEAD);
            ByteBuf content = notModified || head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(b.bytes());
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    notModified ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK, content);
            var h = r.headers();
            h.set(HttpHeaderNames.CONTENT_TYPE, b.type());
            h.set(HttpHeaderNames.CACHE_CONTROL, b.cacheControl());
            h.set(HttpHeaderNames.ETAG, b.etag());
            h.set(HttpHeaderNames.LAST_MODIFIED, LAST_MODIFIED);
            h.set("Repr-Digest", b.digest());
            if (!notModified) {
                h.setInt(HttpHeaderNames.CONTENT_LENGTH, b.bytes().length);
            }
            return r;
        }

        private FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("load origin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
