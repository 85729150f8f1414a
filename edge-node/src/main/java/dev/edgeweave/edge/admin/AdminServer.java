package dev.edgeweave.edge.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's port: {@code /health} (200 ok, or 503 with the reason while draining or unhealthy),
 * {@code /metrics} (Prometheus text) and {@code /status} (JSON: config, cache, earnings…). Request
 * bodies here are tiny, so they are aggregated (64 KiB cap).
 */
public final class AdminServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final PrometheusMeterRegistry prometheus;
    private final Supplier<Map<String, Object>> status;
    private final Supplier<String> unhealthyReason;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private Channel channel;

    /**
     * @param prometheus      the registry to scrape (null: /metrics answers 404)
     * @param status          the /status document
     * @param unhealthyReason null when healthy, else why /health answers 503
     */
    public AdminServer(PrometheusMeterRegistry prometheus, Supplier<Map<String, Object>> status,
                       Supplier<String> unhealthyReason) {
        this.prometheus = prometheus;
        this.status = status;
        this.unhealthyReason = unhealthyReason;
    }

    public InetSocketAddress bind(InetSocketAddress address, EventLoopGroup group,
                                  Class<? extends ServerChannel> channelType) throws InterruptedException {
        channel = new ServerBootstrap().group(group).channel(channelType)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192),
                                new HttpObjectAggregator(64 << 10), new Handler());
                    }
                }).bind(address).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        log.info("admin listening on http://{}:{} (/health /metrics /status)", bound.getHostString(), bound.getPort());
        return bound;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
            FullHttpResponse r;
            String path = new QueryStringDecoder(req.uri()).path();
            if (!req.decoderResult().isSuccess()) {
                r = text(HttpResponseStatus.BAD_REQUEST, "malformed request: " + req.decoderResult().cause().getMessage());
            } else if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
                r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, req.method() + " not allowed here; use GET");
            } else if (path.equals("/health")) {
                String why = unhealthyReason.get();
                r = why == null ? text(HttpResponseStatus.OK, "ok") : text(HttpResponseStatus.SERVICE_UNAVAILABLE, why);
            } else if (path.equals("/metrics") && prometheus != null) {
                r = body(HttpResponseStatus.OK, prometheus.scrape(), "text/plain; version=0.0.4; charset=utf-8");
            } else if (path.equals("/status")) {
                r = body(HttpResponseStatus.OK, json.writeValueAsString(status.get()), "application/json");
            } else {
                r = text(HttpResponseStatus.NOT_FOUND, "no such admin endpoint: " + path + " (try /health, /metrics, /status)");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(r, keepAlive);
            var f = ctx.writeAndFlush(r);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private static FullHttpResponse text(HttpResponseStatus s, String msg) {
        return body(s, msg + "\n", "text/plain; charset=utf-8");
    }

    private static FullHttpResponse body(HttpResponseStatus s, String body, String type) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.wrappedBuffer(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, b.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }
}
