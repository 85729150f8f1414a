package dev.edgeweave.edge.http;

import dev.edgeweave.cache.CachedObject;
import dev.edgeweave.cache.Header;
import dev.edgeweave.cache.StoredHead;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Locale;
import java.util.Set;

/**
 * Answers a request from a stored (or filling) object: 304 and 412 for conditionals, 206 and 416 for a
 * single byte range (If-Range honoured), HEAD without a body, else the whole body through
 * {@link BodySender}. Adds Age, Via, Cache-Status and Accept-Ranges.
 */
final class ObjectResponder {

    interface Done {
        void done(boolean ok, String tier);
    }

    /** Fields a 304 carries over from the stored response (RFC 9110 §15.4.5). */
    private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control", "content-location", "date",
            "etag", "expires", "vary", "last-modified");
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "age", "content-range");

    private final EdgeContext ctx;
    private final Channel ch;
    private final HttpRequest req;
    private final CachedObject obj;
    private final boolean keepAlive;
    private final String cacheStatus;
    private final Done done;
    private final BodySender.SliceFetcher slices;
    private BodySender sender;

    ObjectResponder(EdgeContext ctx, Channel ch, HttpRequest req, CachedObject obj, boolean keepAlive,
                    String cacheStatus, Done done, BodySender.SliceFetcher slices) {
        this.ctx = ctx;
        this.ch = ch;
        this.req = req;
        this.obj = obj;
        this.keepAlive = keepAlive;
        this.cacheStatus = cacheStatus;
        this.done = done;
        this.slices = slices;
    }

    void start() {
        StoredHead head = obj.head();
        NettyHeaders rh = new NettyHeaders(req.headers());
        long now = ctx.clock.millis();
        String tier = obj.complete() ? (obj.inMemory() ? "memory" : "disk") : "origin";
        switch (ctx.policy.conditional(req.method().name(), rh, head)) {
            case NOT_MODIFIED -> {
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
                for (Header h : head.headers()) {
                    if (NOT_MODIFIED_FIELDS.contains(h.name().toLowerCase(Locale.ROOT))) {
                        r.headers().add(h.name(), h.value());
                    }
                }
                decorate(r, head, now);
                writeBodyless(r, tier);
                return;
            }
            case PRECONDITION_FAILED -> {
                FullHttpResponse r = Responses.text(HttpResponseStatus.PRECONDITION_FAILED,
                        "precondition failed (If-Match / If-Unmodified-Since)", cacheStatus);
                writeBodyless(r, tier);
                return;
            }
            default -> { }
        }
        long length = obj.length();
        long start = 0;
        long end = length; // exclusive, -1 while unknown
        HttpResponseStatus status = HttpResponseStatus.valueOf(head.status());
        String contentRange = null;
        String range = req.headers().get(HttpHeaderNames.RANGE);
        if (range != null && head.status() == 200 && req.method() == HttpMethod.GET && length >= 0
                && ctx.policy.ifRangeAllows(req.headers().get(HttpHeaderNames.IF_RANGE), head)) {
            long[] r = ctx.policy.range(range, length);
            if (r == EdgePolicy.UNSATISFIABLE) {
                FullHttpResponse resp = Responses.text(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                        "range " + range + " is outside the " + length + "-byte object", cacheStatus);
                resp.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + length);
                writeBodyless(resp, tier);
                return;
            }
            if (r != null) {
                start = r[0];
                end = r[1] + 1;
                status = HttpResponseStatus.PARTIAL_CONTENT;
                contentRange = "bytes " + r[0] + "-" + r[1] + "/" + length;
            }
        }
        HttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        for (Header h : head.headers()) {
            if (!FRAMING.contains(h.name().toLowerCase(Locale.ROOT))) {
                resp.headers().add(h.name(), h.value());
            }
        }
        decorate(resp, head, now);
        if (head.status() == 200) {
            resp.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        }
        if (contentRange != null) {
            resp.headers().set(HttpHeaderNames.CONTENT_RANGE, contentRange);
        }
        boolean closeAfter = !keepAlive;
        if (end >= 0) {
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, end - start);
        } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            resp.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        } else {
            closeAfter = true; // HTTP/1.0 and unknown length: the close delimits the body
        }
        if (closeAfter) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        boolean bodyless = req.method() == HttpMethod.HEAD || head.status() == 204 || head.status() == 304;
        if (bodyless) {
            ch.write(resp);
            ch.writeAndFlush(io.netty.handler.codec.http.LastHttpContent.EMPTY_LAST_CONTENT)
                    .addListener(f -> done.done(f.isSuccess(), tier));
            return;
        }
        ch.write(resp);
        final boolean close = closeAfter;
        sender = new BodySender(ctx, ch, obj, start, end, slices, (ok, bytes, t, corrupt) -> {
            ctx.servedBytes.served(req.headers().get("EdgeWeave-Token"), bytes);
            if (ok && close) {
                ch.close();
            }
            done.done(ok && !close, t);
        });
        sender.start();
    }

    private void decorate(HttpResponse r, StoredHead head, long now) {
        r.headers().set(HttpHeaderNames.AGE, ctx.policy.ageSeconds(head, now));
        r.headers().add(HttpHeaderNames.VIA, "1.1 " + ctx.config.nodeName());
        r.headers().set("Cache-Status", cacheStatus);
        ctx.responseHeaders.addTo(r.headers());
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void writeBodyless(FullHttpResponse r, String tier) {
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && r.status().code() != 304) {
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        }
        ch.writeAndFlush(r).addListener(f -> done.done(f.isSuccess(), tier));
    }

    void writable() {
        if (sender != null) {
            sender.writable();
        }
    }

    void cancel() {
        if (sender != null) {
            sender.cancel();
        }
    }
}
