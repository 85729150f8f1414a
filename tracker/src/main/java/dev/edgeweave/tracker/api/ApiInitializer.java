package dev.edgeweave.tracker.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Builds the API pipeline: {@code idle → http-codec → keep-alive → aggregator (64 KiB, JSON 413
 * beyond) → api}. Aggregating is fine here: API bodies are small JSON documents.
 */
final class ApiInitializer extends ChannelInitializer<Channel> {

    /** Largest request body accepted. */
    static final int MAX_BODY = 64 * 1024;
    /** A connection with nothing to read for this long is closed. */
    static final int IDLE_SECONDS = 60;

    private final Routes routes;
    private final Executor blocking;
    private final ApiMetrics metrics;

    ApiInitializer(Routes routes, Executor blocking, ApiMetrics metrics) {
        this.routes = routes;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(Pipeline.IDLE, new IdleStateHandler(IDLE_SECONDS, 0, 0, TimeUnit.SECONDS));
        p.addLast(Pipeline.CODEC, new HttpServerCodec());
        p.addLast(Pipeline.KEEP_ALIVE, new HttpServerKeepAliveHandler());
        p.addLast(Pipeline.AGGREGATOR, new JsonLimitAggregator(metrics));
        p.addLast(Pipeline.API, new ApiHandler(routes, blocking, metrics));
    }

    /** {@link HttpObjectAggregator} whose 413 is the API's JSON error, and which closes the connection. */
    static final class JsonLimitAggregator extends HttpObjectAggregator {
        private final ApiMetrics metrics;
        /** Limit of the request being aggregated: {@link #MAX_BODY}, or more for binary claims and audits. */
        private int limit = MAX_BODY;

        JsonLimitAggregator(ApiMetrics metrics) {
            super(Math.max(MAX_BODY, ClaimsApi.MAX_BODY));
            this.metrics = metrics;
        }

        @Override
        protected boolean isStartMessage(HttpObject msg) throws Exception {
            if (msg instanceof HttpRequest req) {
                limit = ClaimsApi.isBinaryUpload(req.uri()) ? ClaimsApi.MAX_BODY : MAX_BODY;
            }
            return super.isStartMessage(msg);
        }

        @Override
        protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
            return super.isContentLengthInvalid(start, Math.min(limit, maxContentLength));
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            return super.newContinueResponse(start, Math.min(limit, maxContentLength), pipeline);
        }

        @Override
        protected void aggregate(FullHttpMessage aggregated, HttpContent content) throws Exception {
            super.aggregate(aggregated, content);
            if (aggregated.content().readableBytes() > limit) {
                // only a chunked body without Content-Length gets here; the connection is closed
                throw new TooLongFrameException("body: more than " + limit + " bytes");
            }
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            metrics.request("oversized", 413);
            byte[] body = Json.write(new ApiHandler.ErrorBody("body_too_large", "body: more than " + limit
                    + " bytes (expected: at most " + limit + " bytes" + (limit == MAX_BODY ? " of JSON)" : ")")));
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(body));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiResponse.JSON);
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            // Lingering close: the client may still be sending the body. Closing now with unread bytes
            // makes the kernel send RST, which can destroy the 413 before the client reads it. So shut
            // our side down after the response and keep discarding input until the client closes (or
            // 2 s pass), as nginx's lingering_close does.
            ctx.writeAndFlush(r).addListener(f -> {
                if (!f.isSuccess() || !(ctx.channel() instanceof io.netty.channel.socket.DuplexChannel d)) {
                    ctx.close();
                    return;
                }
                d.shutdownOutput();
                ctx.executor().schedule(() -> ctx.close(), 2, java.util.concurrent.TimeUnit.SECONDS);
            });
        }
    }
}
