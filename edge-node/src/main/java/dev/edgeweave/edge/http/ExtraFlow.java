package dev.edgeweave.edge.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;

/** A request answered by the node itself (see {@link EdgeContext.ExtraRoutes}), body collected first. */
final class ExtraFlow implements ProxyHandler.Exchange {
    private final EdgeContext ctx;
    private final Channel ch;
    private final io.netty.handler.codec.http.HttpRequest req;
    private final boolean keepAlive;
    private final ProxyHandler.Completion completion;
    private final BodyCollector body;
    private boolean answered;

    ExtraFlow(EdgeContext ctx, Channel ch, io.netty.handler.codec.http.HttpRequest req, boolean keepAlive,
              ProxyHandler.Completion completion) {
        this.ctx = ctx;
        this.ch = ch;
        this.req = req;
        this.keepAlive = keepAlive;
        this.completion = completion;
        this.body = new BodyCollector(ch.alloc(), ctx.config.maxRequestBody());
    }

    @Override
    public void start() {
        if (!io.netty.handler.codec.http.HttpUtil.isContentLengthSet(req)
                && !io.netty.handler.codec.http.HttpUtil.isTransferEncodingChunked(req)) {
            content(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    @Override
    public void content(HttpContent c) {
        if (answered) {
            c.release();
            return;
        }
        if (!body.add(c)) {
            return;
        }
        answered = true;
        FullHttpResponse r;
        boolean close = !keepAlive;
        if (body.overflow()) {
            body.release();
            r = Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + ctx.config.maxRequestBody() + " bytes", null);
            close = true;
        } else {
            ByteBuf b = body.take();
            try {
                r = ctx.extraRoutes.handle(req, b);
            } catch (RuntimeException e) {
                r = Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e, null);
            } finally {
                b.release();
            }
        }
        boolean closeAfter = close;
        Responses.send(ch, r, closeAfter).addListener(f -> completion.complete(!closeAfter && f.isSuccess(), "local", "none"));
    }

    @Override
    public void writable() { }

    @Override
    public void cancel() {
        if (!answered) {
            answered = true;
            body.release();
        }
    }
}
