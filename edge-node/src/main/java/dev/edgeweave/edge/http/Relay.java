package dev.edgeweave.edge.http;

import dev.edgeweave.edge.origin.OriginExchange;
import dev.edgeweave.edge.origin.OriginFailure;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Locale;
import java.util.Map;

/**
 * Streams an origin response that is not stored straight to one viewer, with backpressure: the next
 * origin read is requested only when the previous piece has been written to the viewer, so a slow
 * viewer slows the origin read instead of growing the heap.
 */
final class Relay implements FillTask.PassSink {

    interface Done {
        void done(boolean ok, long bytes);
    }

    private final EdgeContext ctx;
    private final Channel ch;
    private final boolean headOnly;
    private final Done done;
    private final String token;
    private long bytes;
    private boolean finished;

    Relay(EdgeContext ctx, Channel ch, boolean headOnly, String token, Done done) {
        this.ctx = ctx;
        this.token = token;
        this.ch = ch;
        this.headOnly = headOnly;
        this.done = done;
    }

    /** Sends the viewer's response head built from the origin's; then pulls the body. */
    void start(HttpResponse originHead, OriginExchange ex, String cacheStatus, boolean keepAlive) {
        HttpResponse r = new DefaultHttpResponse(originHead.protocolVersion(), originHead.status());
        HttpHeaders in = originHead.headers();
        NettyHeaders view = new NettyHeaders(in);
        for (Map.Entry<String, String> e : in) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (ctx.policy.hopByHop(n, view) || n.equals("content-length") || n.equals("transfer-encoding")) {
                continue;
            }
            r.headers().add(e.getKey(), e.getValue());
        }
        r.headers().add(HttpHeaderNames.VIA, "1.1 " + ctx.config.nodeName());
        r.headers().set("Cache-Status", cacheStatus);
        ctx.responseHeaders.addTo(r.headers());
        long len = HttpUtil.getContentLength(originHead, -1L);
        boolean bodyless = originHead.status().code() == 304 || originHead.status().code() == 204
                || originHead.status().code() < 200;
        if (len >= 0) {
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, len);
        } else if (!bodyless && !headOnly) {
            r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ch.write(r);
        if (headOnly) {
            ex.abort();
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish(f.isSuccess()));
            return;
        }
        ch.flush();
        ex.read();
    }

    @Override
    public void content(OriginExchange ex, HttpContent c) {
        if (finished) {
            c.release();
            return;
        }
        boolean last = c instanceof LastHttpContent;
        bytes += c.content().readableBytes();
        ch.writeAndFlush(c).addListener(f -> {
            if (!f.isSuccess()) {
                ex.abort();
                finish(false);
            } else if (last) {
                finish(true);
            } else if (ch.isWritable()) {
                ex.read();
            } else {
                pendingRead = ex;
            }
        });
    }

    private OriginExchange pendingRead;

    /** Channel writability came back: resume the origin read. */
    void writable() {
        OriginExchange ex = pendingRead;
        if (ex != null && ch.isWritable()) {
            pendingRead = null;
            ex.read();
        }
    }

    @Override
    public void error(OriginFailure f) {
        // The head is out already: closing is the only honest signal that the body is incomplete.
        ch.close();
        finish(false);
    }

    void cancel(OriginExchange ex) {
        if (!finished) {
            ex.abort();
            finished = true;
        }
    }

    private void finish(boolean ok) {
        if (finished) {
            return;
        }
        finished = true;
        ctx.metrics.bytesOut("origin", bytes);
        ctx.servedBytes.served(token, bytes);
        done.done(ok, bytes);
    }
}
