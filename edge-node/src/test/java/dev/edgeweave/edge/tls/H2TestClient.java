package dev.edgeweave.edge.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP/2 client on one connection (Netty's own h2 client codec): over TLS with ALPN {@code h2},
 * or h2c with prior knowledge. Each {@link #get} opens a new stream on that connection.
 */
final class H2TestClient implements AutoCloseable {

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String n) {
            return headers.get(n.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel ch;
    final String alpn;

    private H2TestClient(InetSocketAddress to, SslContext ssl, String sni) throws Exception {
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                        if (ssl != null) {
                            c.pipeline().addLast(ssl.newHandler(c.alloc(), sni, to.getPort()));
                        }
                        c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        c.pipeline().addLast(new Http2MultiplexHandler(new SimpleChannelInboundHandler<Object>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Object msg) { }
                        }));
                    }
                });
        try {
            ch = b.connect(to).sync().channel();
            if (ssl != null) {
                SslHandler h = ch.pipeline().get(SslHandler.class);
                h.handshakeFuture().sync();
                alpn = h.applicationProtocol();
            } else {
                alpn = null;
            }
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** h2 over TLS, trusting {@code caPem}, sending SNI {@code sni} (or none). */
    static H2TestClient tls(InetSocketAddress to, Path caPem, String sni) throws Exception {
        SslContext ctx = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(caPem.toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        return new H2TestClient(to, ctx, sni);
    }

    /** h2c with prior knowledge on a plaintext port. */
    static H2TestClient cleartext(InetSocketAddress to) throws Exception {
        return new H2TestClient(to, null, null);
    }

    Channel channel() {
        return ch;
    }

    CompletableFuture<Response> get(String authority, String path, String... headers) {
        return request(HttpMethod.GET, authority, path, headers);
    }

    CompletableFuture<Response> request(HttpMethod method, String authority, String path, String... headers) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        new Http2StreamChannelBootstrap(ch).handler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel s) {
                s.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false));
                s.pipeline().addLast(new HttpObjectAggregator(16 << 20));
                s.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse r) {
                        Map<String, String> h = new LinkedHashMap<>();
                        r.headers().forEach(e -> h.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
                        result.complete(new Response(r.status().code(), h, ByteBufUtil.getBytes(r.content())));
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        result.completeExceptionally(new IllegalStateException("stream closed before a full response"));
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        result.completeExceptionally(cause);
                        ctx.close();
                    }
                });
            }
        }).open().addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Http2StreamChannel s = (Http2StreamChannel) f.getNow();
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path);
            req.headers().set(HttpHeaderNames.HOST, authority);
            for (int i = 0; i + 1 < headers.length; i += 2) {
                req.headers().add(headers[i], headers[i + 1]);
            }
            s.writeAndFlush(req).addListener(w -> {
                if (!w.isSuccess()) {
                    result.completeExceptionally(w.cause());
                }
            });
        });
        return result;
    }

    @Override
    public void close() {
        ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
