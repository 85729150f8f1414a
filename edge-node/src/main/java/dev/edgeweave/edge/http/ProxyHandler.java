package dev.edgeweave.edge.http;

import dev.edgeweave.edge.origin.OriginRoute;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handler of a viewer connection, last in the pipeline:
 * {@code header-timeout → http-decoder → http-encoder → proxy}. It refuses malformed requests with a
 * reason, routes the Host to its publisher's origin, and runs one exchange at a time: pipelined
 * requests wait in order (HTTP/1.1 answers in request order). GET and HEAD go through the cache
 * ({@link CacheFlow}); other methods pass through ({@link PassFlow}) or get 405.
 */
public final class ProxyHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);
    private static final int MAX_PIPELINED = 32;
    /** Path prefix carrying the publisher hostname, for viewers sent here by an HTTP redirect. */
    public static final String HOST_IN_PATH = "/~/";

    /** One request/response in progress. */
    interface Exchange {
        void start();

        /** Body content of the request (pass-through); default: dropped. */
        default void content(HttpContent c) {
            c.release();
        }

        void writable();

        void cancel();
    }

    /** Called once per exchange when its response is fully written. */
    interface Completion {
        void complete(boolean keepAlive, String result, String tier);
    }

    private final EdgeContext ctx;
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private ChannelHandlerContext chctx;
    private Exchange current;
    private boolean broken;
    private long startNanos;

    public ProxyHandler(EdgeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext c) {
        chctx = c;
        ctx.metrics.connectionOpened();
        c.fireChannelActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext c) {
        chctx = c;
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        ctx.metrics.connectionClosed();
        if (current != null) {
            current.cancel();
            current = null;
        }
        queued.forEach(ReferenceCountUtil::release);
        queued.clear();
        c.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        if (broken) {
            ReferenceCountUtil.release(msg);
            return;
        }
        boolean ownBody = current != null && queued.isEmpty() && msg instanceof HttpContent
                && !(msg instanceof HttpRequest);
        if (ownBody) {
            current.content((HttpContent) msg);
            return;
        }
        if (current != null || !queued.isEmpty()) {
            queued.add(msg);
            if (queued.size() > MAX_PIPELINED) {
                c.channel().config().setAutoRead(false);
            }
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest req) {
            startRequest(req);
            if (msg instanceof HttpContent content) { // a full request: its body (if any) ends here
                if (current != null) {
                    current.content(content.retain());
                }
                content.release();
            }
        } else if (msg instanceof HttpContent content) {
            if (current != null) {
                current.content(content);
            } else {
                content.release();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void startRequest(HttpRequest req) {
        HeaderTimeoutHandler timeout = chctx.pipeline().get(HeaderTimeoutHandler.class);
        if (timeout != null) {
            timeout.headReceived();
        }
        startNanos = System.nanoTime();
        if (req.decoderResult().isFailure()) {
            reject(req.decoderResult().cause());
            return;
        }
        String host = req.headers().get(HttpHeaderNames.HOST);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (host == null || host.isBlank()) {
            refuse(HttpResponseStatus.BAD_REQUEST, "missing Host header", "no-host", true);
            return;
        }
        if (!req.uri().startsWith("/")) {
            refuse(HttpResponseStatus.BAD_REQUEST, "request-target must be an origin-form path starting with '/': "
                    + abbreviate(req.uri()), "bad-target", true);
            return;
        }
        if (req.uri().startsWith(HOST_IN_PATH)) {
            // Redirect form (tracker /r/HOST/PATH → /~/HOST/PATH on a node): the publisher's host rides in
            // the path, so relative URLs in playlists keep it; from here on it is a normal request.
            int slash = req.uri().indexOf('/', HOST_IN_PATH.length());
            if (slash <= HOST_IN_PATH.length()) {
                refuse(HttpResponseStatus.BAD_REQUEST, "expected /~/HOST/PATH, got " + abbreviate(req.uri()),
                        "bad-target", true);
                return;
            }
            host = req.uri().substring(HOST_IN_PATH.length(), slash);
            req.headers().set(HttpHeaderNames.HOST, host);
            req.setUri(req.uri().substring(slash));
        }
        if (ctx.extraRoutes.matches(req)) {
            current = new ExtraFlow(ctx, chctx.channel(), req, keepAlive, this::completed);
            current.start();
            return;
        }
        Optional<OriginRoute> route = ctx.hosts.route(host);
        if (route.isEmpty()) {
            refuse(HttpResponseStatus.MISDIRECTED_REQUEST, "host " + abbreviate(host)
                    + " is not served by this node (no publisher registered it)", "unknown-host", !keepAlive);
            return;
        }
        OriginRoute r = route.get();
        HttpMethod m = req.method();
        if (m == HttpMethod.GET || m == HttpMethod.HEAD) {
            current = new CacheFlow(ctx, chctx.channel(), req, r, keepAlive, this::completed);
        } else if (m == HttpMethod.CONNECT || m == HttpMethod.TRACE) {
            refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not supported by this node", "method", !keepAlive);
            return;
        } else if (!r.allowUnsafeMethods()) {
            refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, m + " is not allowed: publisher " + r.host()
                    + " serves GET and HEAD only", "method", !keepAlive);
            return;
        } else {
            current = new PassFlow(ctx, chctx.channel(), req, r, keepAlive, this::completed);
        }
        current.start();
    }

    private void reject(Throwable cause) {
        HttpResponseStatus status;
        String reason;
        String metric;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            reason = "request line longer than " + ctx.config.maxUriBytes() + " bytes";
            metric = "uri-too-long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            reason = "header section larger than " + ctx.config.maxHeaderBytes() + " bytes";
            metric = "headers-too-large";
        } else if (cause instanceof TooLongFrameException) {
            status = HttpResponseStatus.BAD_REQUEST;
            reason = "request too large: " + cause.getMessage();
            metric = "too-long";
        } else if (EdgeRequestDecoder.BOTH_FRAMINGS.equals(cause.getMessage()) || cause.getMessage() != null
                && cause.getMessage().contains("Content-Length") && cause.getMessage().contains("Transfer-Encoding")) {
            status = HttpResponseStatus.BAD_REQUEST;
            reason = "ambiguous framing: " + EdgeRequestDecoder.BOTH_FRAMINGS;
            metric = "ambiguous-framing";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            reason = "malformed request: " + cause.getMessage();
            metric = "malformed";
        }
        refuse(status, reason, metric, true);
    }

    private void refuse(HttpResponseStatus status, String reason, String metric, boolean close) {
        ctx.metrics.badRequest(metric);
        log.debug("{} {} from {}: {}", status.code(), metric, chctx.channel().remoteAddress(), reason);
        if (close) {
            broken = true;
        }
        current = new Exchange() {
            @Override
            public void start() { }

            @Override
            public void writable() { }

            @Override
            public void cancel() { }
        };
        Responses.send(chctx.channel(), Responses.text(status, reason, ctx.policy.cacheStatus().fwd("request")
                .detail(metric).toString()), close).addListener(f -> {
                    if (close) { // Responses closes it, lingering: do not cut it short here
                        ctx.metrics.request("refused", "none", System.nanoTime() - startNanos);
                        current = null;
                    } else {
                        completed(f.isSuccess(), "refused", "none");
                    }
                });
    }

    private void completed(boolean keepAlive, String result, String tier) {
        ctx.metrics.request(result, tier, System.nanoTime() - startNanos);
        current = null;
        if (!keepAlive) {
            broken = true;
            chctx.close();
            return;
        }
        HeaderTimeoutHandler timeout = chctx.pipeline().get(HeaderTimeoutHandler.class);
        if (timeout != null) {
            timeout.responseDone();
        }
        // Run queued pipelined messages; stop at the next request that starts an exchange.
        while (!queued.isEmpty() && current == null && !broken) {
            dispatch(queued.poll());
        }
        while (!queued.isEmpty() && current != null && !(queued.peek() instanceof HttpRequest)) {
            dispatch(queued.poll());
        }
        if (queued.size() <= MAX_PIPELINED && !chctx.channel().config().isAutoRead()) {
            chctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        if (current != null && c.channel().isWritable()) {
            current.writable();
        }
        c.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
        log.debug("viewer connection {} error: {}", c.channel().remoteAddress(), cause.toString());
        c.close();
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
