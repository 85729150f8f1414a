package dev.edgeweave.edge.http;

import dev.edgeweave.edge.origin.OriginExchange;
import dev.edgeweave.edge.origin.OriginFailure;
import dev.edgeweave.edge.origin.OriginListener;
import dev.edgeweave.edge.origin.OriginRoute;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A POST, PUT, DELETE… passed to the origin uncached. The request body (bounded) goes to the origin,
 * the response streams back with backpressure, and on a non-error response every stored variant of
 * the URL is invalidated (RFC 9111 §4.4).
 */
final class PassFlow implements ProxyHandler.Exchange, OriginListener {

    private static final Logger log = LoggerFactory.getLogger(PassFlow.class);

    private final EdgeContext ctx;
    private final Channel ch;
    private final HttpRequest req;
    private final OriginRoute route;
    private final boolean keepAlive;
    private final ProxyHandler.Completion completion;
    private final BodyCollector body;
    private Relay relay;
    private OriginExchange exchange;
    private boolean sent;
    private boolean cancelled;

    PassFlow(EdgeContext ctx, Channel ch, HttpRequest req, OriginRoute route, boolean keepAlive,
             ProxyHandler.Completion completion) {
        this.ctx = ctx;
        this.ch = ch;
        this.req = req;
        this.route = route;
        this.keepAlive = keepAlive;
        this.completion = completion;
        this.body = new BodyCollector(ch.alloc(), ctx.config.maxRequestBody());
    }

    @Override
    public void start() {
        if (!HttpUtil.isContentLengthSet(req) && !HttpUtil.isTransferEncodingChunked(req)) {
            content(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    @Override
    public void content(HttpContent c) {
        if (sent) {
            c.release();
            return;
        }
        if (!body.add(c)) {
            return;
        }
        sent = true;
        if (body.overflow()) {
            body.release();
            Responses.send(ch, Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + ctx.config.maxRequestBody() + " bytes", null), true)
                    .addListener(f -> completion.complete(false, "refused", "none"));
            return;
        }
        ByteBuf b = body.take();
        ctx.metrics.originFetch();
        exchange = ctx.origin.send(ch.eventLoop(), route, OriginRequests.forPass(ctx, route, req),
                b.isReadable() || HttpUtil.isContentLengthSet(req) ? b : releaseAndNull(b), this);
    }

    private static ByteBuf releaseAndNull(ByteBuf b) {
        b.release();
        return null;
    }

    @Override
    public void onHead(OriginExchange ex, HttpResponse head) {
        if (cancelled) {
            ex.abort();
            return;
        }
        int status = head.status().code();
        if (status < 400) {
            String key = CacheFlow.cacheKey(req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.HOST), req.uri());
            if (ctx.store.remove(key)) {
                log.debug("{} {} invalidated {}", req.method(), req.uri(), key);
            }
        }
        relay = new Relay(ctx, ch, false, req.headers().get("EdgeWeave-Token"), (ok, bytes) -> completion.complete(ok && keepAlive, "pass", "origin"));
        relay.start(head, ex, ctx.policy.cacheStatus().fwd("method").fwdStatus(status).toString(), keepAlive);
    }

    @Override
    public void onContent(OriginExchange ex, HttpContent content) {
        if (relay == null) {
            content.release();
            return;
        }
        relay.content(ex, content);
    }

    @Override
    public void onError(OriginExchange ex, OriginFailure failure) {
        ctx.metrics.originError();
        if (relay != null) {
            relay.error(failure);
            return;
        }
        if (cancelled) {
            return;
        }
        Responses.send(ch, Responses.text(HttpResponseStatus.valueOf(failure.status()),
                "origin " + route.originAuthority() + ": " + failure.message(),
                ctx.policy.cacheStatus().fwd("method").detail(failure.kind().name().toLowerCase()).toString()), !keepAlive)
                .addListener(f -> completion.complete(keepAlive && f.isSuccess(), "error", "none"));
    }

    @Override
    public void writable() {
        if (relay != null) {
            relay.writable();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (!sent) {
            sent = true;
            body.release();
        }
        if (exchange != null) {
            exchange.abort();
        }
    }
}
