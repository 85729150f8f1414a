package dev.edgeweave.tracker.api;

import dev.edgeweave.tracker.registry.RegistryException;
import dev.edgeweave.tracker.store.StoreException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the API pipeline ({@code http-codec → keep-alive → aggregator → api}): copies each
 * request out of its buffers, runs its endpoint (on the event loop, or on the API executor when it
 * touches the database), and writes the response. Requests of one connection are answered one at a
 * time, in order, so HTTP/1.1 pipelining stays correct. Every error becomes JSON
 * {@code {"error":CODE,"message":TEXT}}.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    /** Pipelined requests queued per connection before it is closed. */
    static final int MAX_QUEUED = 16;

    /** The JSON body of every error response. */
    record ErrorBody(String error, String message) {}

    /**
     * A request waiting its turn; {@code error} set when it failed before routing, {@code close} when the
     * connection cannot go on after it (not valid HTTP).
     */
    private record Pending(ApiRequest request, ApiException error, boolean close) {}

    private final Routes routes;
    private final Executor blocking;
    private final ApiMetrics metrics;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;

    ApiHandler(Routes routes, Executor blocking, ApiMetrics metrics) {
        this.routes = routes;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Pending p;
        try {
            p = pending(req);
        } finally {
            req.release();
        }
        if (queue.size() >= MAX_QUEUED) {
            log.debug("closing {}: more than {} pipelined requests", ctx.channel().remoteAddress(), MAX_QUEUED);
            ctx.close();
            return;
        }
        queue.add(p);
        if (!busy) {
            next();
        }
    }

    private Pending pending(FullHttpRequest req) {
        InetAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress()
                : InetAddress.getLoopbackAddress(); // only in-VM test channels have no socket address
        String path;
        Map<String, List<String>> params;
        try {
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            path = qs.path();
            params = qs.parameters();
        } catch (IllegalArgumentException e) {
            ApiRequest r = new ApiRequest(req.method(), req.uri(), req.uri(), Map.of(), req.headers().copy(),
                    new byte[0], client);
            return new Pending(r, ApiException.badRequest("invalid_path", "uri: '" + abbreviate(req.uri())
                    + "' has bad percent-encoding (" + e.getMessage() + ")"), false);
        }
        ApiRequest r = new ApiRequest(req.method(), req.uri(), path, params, req.headers().copy(),
                ByteBufUtil.getBytes(req.content()), client);
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            return new Pending(r, ApiException.badRequest("bad_request", "request: not valid HTTP/1.1 ("
                    + (cause == null ? "decoder failure" : cause.getMessage()) + ")"), true);
        }
        return new Pending(r, null, false);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Starts the next queued request, if any. Event loop only. */
    private void next() {
        Pending p = queue.poll();
        if (p == null) {
            busy = false;
            return;
        }
        busy = true;
        if (p.error() != null) {
            finish(p.request(), "invalid", error(p.error()), p.close());
            return;
        }
        Routes.Route route;
        try {
            route = routes.resolve(p.request().method(), p.request().path());
        } catch (ApiException e) {
            finish(p.request(), "unmatched", error(e), false);
            return;
        } catch (Routes.MethodNotAllowed e) {
            finish(p.request(), "unmatched", error(e.error).withHeader("Allow", allowHeader(e)), false);
            return;
        }
        if (!route.blocking()) {
            finish(p.request(), route.name(), run(route, p.request()), false);
            return;
        }
        try {
            blocking.execute(() -> finish(p.request(), route.name(), run(route, p.request()), false));
        } catch (RejectedExecutionException e) {
            finish(p.request(), route.name(), error(new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "overloaded", "tracker: too many requests in progress (expected: retry shortly)")), false);
        }
    }

    private static ApiResponse run(Routes.Route route, ApiRequest request) {
        try {
            return route.handler().apply(request);
        } catch (ApiException e) {
            return error(e);
        } catch (RegistryException e) {
            return error(new ApiException(status(e.kind()), e.code(), e.getMessage()));
        } catch (StoreException e) {
            log.warn("{}: database error: {}", route.name(), e.getMessage());
            return error(new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                    "database: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("{}: internal error", route.name(), e);
            return error(new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal",
                    "tracker: internal error (" + e.getClass().getSimpleName() + "; logged)"));
        }
    }

    private static HttpResponseStatus status(RegistryException.Kind kind) {
        switch (kind) {
            case NOT_FOUND:
                return HttpResponseStatus.NOT_FOUND;
            case CONFLICT:
                return HttpResponseStatus.CONFLICT;
            case UNAVAILABLE:
                return HttpResponseStatus.SERVICE_UNAVAILABLE;
            default:
                return HttpResponseStatus.BAD_REQUEST;
        }
    }

    static ApiResponse error(ApiException e) {
        ApiResponse r = ApiResponse.json(e.status(), Json.write(new ErrorBody(e.code(), e.getMessage())));
        return e.status().code() == 401 ? r.withHeader("WWW-Authenticate", Signatures.HEADER) : r;
    }

    private static String allowHeader(Routes.MethodNotAllowed e) {
        StringBuilder sb = new StringBuilder();
        for (HttpMethod m : e.allowed) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.name());
        }
        return sb.toString();
    }

    /** Writes {@code response} (any thread); the next queued request starts once it is written. */
    private void finish(ApiRequest request, String endpoint, ApiResponse response, boolean close) {
        metrics.request(endpoint, response.status().code());
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                request.method().equals(HttpMethod.HEAD) ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(response.body()));
        if (response.contentType() != null) {
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        }
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        if (!response.headers().containsKey(HttpHeaderNames.CACHE_CONTROL.toString())) {
            out.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        }
        response.headers().forEach(out.headers()::set);
        if (close) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(out).addListener(f -> {
            if (!f.isSuccess() || close) {
                ctx.close();
            }
            try {
                ctx.executor().execute(this::next);
            } catch (RejectedExecutionException e) {
                ctx.close(); // event loop shutting down
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queue.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("API connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
