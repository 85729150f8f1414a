package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.proof.viewer.DigestCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * One keep-alive HTTP/1.1 connection from a viewer's source address to a node, one exchange at a
 * time (no pipelining, as players do). Bodies stream through the {@code Repr-Digest} hasher and are
 * counted, never aggregated — except a playlist, which the caller asks to keep.
 *
 * <p>Pipeline: {@code HttpClientCodec → HttpConn}. Everything runs on the viewer's event loop.
 */
final class HttpConn extends ChannelInboundHandlerAdapter {

    /** Largest body kept in memory (playlists). */
    static final int MAX_KEPT_BODY = 4 << 20;

    private final InetSocketAddress remote;
    private final LongSupplier nanos;
    private Channel channel;
    private Pending pending;
    private boolean closed;

    private final class Pending {
        final CompletableFuture<Response> result = new CompletableFuture<>();
        final long start;
        final boolean keepBody;
        final ScheduledFuture<?> timeout;
        long firstByte;
        int status;
        String cacheStatus;
        String nodeId;
        long epoch = -1;
        ReprDigests.Expected expected;
        ByteArrayOutputStream kept;
        long length;
        boolean keepAlive;

        Pending(long start, boolean keepBody, long timeoutNanos) {
            this.start = start;
            this.keepBody = keepBody;
            this.timeout = channel.eventLoop().schedule(() -> fail(new TimeoutException("no complete response from "
                    + remote + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (after " + length
                    + " body bytes)")), timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private HttpConn(InetSocketAddress remote, LongSupplier nanos) {
        this.remote = remote;
        this.nanos = nanos;
    }

    /**
     * Connects from {@code local} (port 0) to {@code remote}; completes on the bootstrap's event loop.
     * {@code nanos} is the monotonic clock latencies are measured with.
     */
    static CompletableFuture<HttpConn> connect(Bootstrap bootstrap, InetSocketAddress remote, InetSocketAddress local,
                                               LongSupplier nanos) {
        HttpConn conn = new HttpConn(remote, nanos);
        CompletableFuture<HttpConn> f = new CompletableFuture<>();
        ChannelFuture cf = bootstrap.clone().handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast("codec", new io.netty.handler.codec.http.HttpClientCodec(
                        new io.netty.handler.codec.http.HttpDecoderConfig().setMaxChunkSize(64 * 1024), false, false));
                ch.pipeline().addLast("viewer", conn);
            }
        }).connect(remote, local);
        cf.addListener(x -> {
            if (x.isSuccess()) {
                conn.channel = cf.channel();
                f.complete(conn);
            } else {
                f.completeExceptionally(x.cause());
            }
        });
        return f;
    }

    InetSocketAddress remote() {
        return remote;
    }

    boolean usable() {
        return !closed && channel != null && channel.isActive() && pending == null;
    }

    /** A GET (or a POST when {@code body} is not null) with the given headers. */
    static FullHttpRequest request(HttpMethod method, String pathAndQuery, String host, String token, byte[] body,
                                   String contentType) {
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, pathAndQuery, content);
        HttpHeaders h = r.headers();
        h.set(HttpHeaderNames.HOST, host);
        h.set(HttpHeaderNames.USER_AGENT, "edgeweave-loadtest/0.1");
        if (token != null) {
            h.set("EdgeWeave-Token", token);
        }
        if (body != null) {
            h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
            HttpUtil.setContentLength(r, body.length);
        }
        return r;
    }

    /** Sends {@code request} (takes ownership); the future completes on the event loop. */
    CompletableFuture<Response> send(FullHttpRequest request, boolean keepBody, long timeoutNanos, long now) {
        if (!usable()) {
            ReferenceCountUtil.release(request);
            return CompletableFuture.failedFuture(new IOException("connection to " + remote + " not usable"));
        }
        Pending p = new Pending(now, keepBody, timeoutNanos);
        pending = p;
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
        return p.result;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Pending p = pending;
            if (p == null) {
                return; // nothing asked: an unsolicited response; dropped (and released below)
            }
            if (msg instanceof HttpResponse head) {
                p.firstByte = nanos.getAsLong();
                p.status = head.status().code();
                HttpHeaders h = head.headers();
                p.cacheStatus = h.get("Cache-Status");
                p.nodeId = h.get("EdgeWeave-Node");
                p.epoch = epoch(h.get("EdgeWeave-Epoch"));
                p.keepAlive = HttpUtil.isKeepAlive(head);
                if (p.status == 200) {
                    p.expected = ReprDigests.parse(h.get("Repr-Digest"));
                }
                if (p.keepBody || p.status / 100 != 2) {
                    p.kept = new ByteArrayOutputStream();
                }
            }
            if (msg instanceof HttpContent content) {
                ByteBuf buf = content.content();
                int n = buf.readableBytes();
                if (n > 0) {
                    p.length += n;
                    if (p.expected != null) {
                        for (ByteBuffer b : buf.nioBuffers()) {
                            p.expected.hasher().update(b);
                        }
                    }
                    if (p.kept != null && p.kept.size() < MAX_KEPT_BODY) {
                        int take = Math.min(n, MAX_KEPT_BODY - p.kept.size());
                        byte[] bytes = new byte[take];
                        buf.getBytes(buf.readerIndex(), bytes);
                        p.kept.write(bytes, 0, take);
                    }
                }
                if (msg instanceof LastHttpContent) {
                    complete(p);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void complete(Pending p) {
        pending = null;
        p.timeout.cancel(false);
        DigestCheck check;
        if (p.status != 200) {
            check = DigestCheck.NOT_APPLICABLE;
        } else if (p.expected == null) {
            check = DigestCheck.ABSENT;
        } else {
            check = MessageDigest.isEqual(p.expected.hasher().digest(), p.expected.digest()) ? DigestCheck.VERIFIED
                    : DigestCheck.MISMATCH;
        }
        long end = nanos.getAsLong();
        byte[] body = p.keepBody && p.kept != null ? p.kept.toByteArray() : null;
        String text = p.status / 100 != 2 && p.kept != null ? excerpt(p.kept.toByteArray()) : null;
        if (!p.keepAlive) {
            close();
        }
        p.result.complete(new Response(p.status, p.length, body, check, p.firstByte - p.start, end - p.start,
                p.cacheStatus, p.nodeId, p.epoch, text));
    }

    private void fail(Throwable cause) {
        Pending p = pending;
        pending = null;
        close();
        if (p != null) {
            p.timeout.cancel(false);
            p.result.completeExceptionally(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        Pending p = pending;
        if (p != null) {
            fail(new IOException("connection to " + remote + " closed" + (p.status == 0 ? " before a response"
                    : " after " + p.length + " body bytes of a " + p.status + " response")));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    /** Closes the connection; a pending exchange fails. */
    void close() {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }

    private static long epoch(String v) {
        if (v == null) {
            return -1;
        }
        try {
            long e = Long.parseLong(v.strip());
            return e >= 0 ? e : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return s.replaceAll("\\s+", " ");
    }
}
