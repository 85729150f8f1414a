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
        if (body.overflow()) {
            body.release();
            send(Responses.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + ctx.config.maxRequestBody() + " bytes", null), true);
            return;
        }
        ByteBuf b = body.take();
        java.util.concurrent.CompletionStage<FullHttpResponse> pending;
        try {
            pending = ctx.extraRoutes.handleAsync(req, b);
        } catch (RuntimeException e) {
            pending = java.util.concurrent.CompletableFuture.completedFuture(
                    Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e, null));
        } finally {
            b.release();
        }
        // The answer may come from another thread (e.g. after an fsync): write it on this channel's event loop.
        pending.whenComplete((r, err) -> {
            FullHttpResponse out = r != null ? r : Responses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error: " + err, null);
            try {
                ch.eventLoop().execute(() -> send(out, !keepAlive));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                out.release(); // event loop shutting down
            }
        });
    }

    private void send(FullHttpResponse r, boolean closeAfter) {
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
