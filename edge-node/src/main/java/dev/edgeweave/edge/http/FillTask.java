package dev.edgeweave.edge.http;

import dev.edgeweave.cache.CachedObject;
import dev.edgeweave.cache.Fill;
import dev.edgeweave.cache.StoredHead;
import dev.edgeweave.edge.origin.OriginExchange;
import dev.edgeweave.edge.origin.OriginFailure;
import dev.edgeweave.edge.origin.OriginListener;
import dev.edgeweave.edge.origin.OriginRoute;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.edgeweave.cache.Header;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One origin fetch that fills the store: a whole object, a revalidation, or one slice of a large
 * object. It runs on the leader's event loop but belongs to no viewer: once started it fills the
 * cache even if every viewer leaves. The body goes to disk as it arrives (readers follow the file),
 * so the object is never held in heap; a {@code Repr-Digest} is checked before the object counts as
 * complete, and a mismatch discards it.
 */
final class FillTask implements OriginListener {

    private static final Logger log = LoggerFactory.getLogger(FillTask.class);

    enum Mode { FULL, REVALIDATE, SLICE }

    /** Head-time outcome for the leader: like {@link Inflight.Outcome} plus a pass-through stream. */
    record Pass(HttpResponse head, OriginExchange exchange, String reason, FillTask task) implements Inflight.Outcome {}

    private final EdgeContext ctx;
    private final OriginRoute route;
    private final String key;
    private final HttpRequest viewerRequest;
    private final Mode mode;
    private final CachedObject stale;
    private final int slice;
    private final Consumer<Inflight.Outcome> onHead;
    private long requestTime;
    private Fill fill;
    private MessageDigest digest;
    private byte[] expectedDigest;
    private PassSink passSink;
    private boolean headDone;

    /** Receives a non-stored body (the leader's own stream). */
    interface PassSink {
        void content(OriginExchange ex, HttpContent c);

        void error(OriginFailure f);
    }

    FillTask(EdgeContext ctx, OriginRoute route, String key, HttpRequest viewerRequest, Mode mode,
             CachedObject stale, int slice, Consumer<Inflight.Outcome> onHead) {
        this.ctx = ctx;
        this.route = route;
        this.key = key;
        this.viewerRequest = viewerRequest;
        this.mode = mode;
        this.stale = stale;
        this.slice = slice;
        this.onHead = onHead;
    }

    void start(EventLoop loop) {
        HttpRequest req = OriginRequests.forCache(ctx, route, viewerRequest);
        if (mode == Mode.REVALIDATE && stale != null) {
            ctx.policy.revalidationHeaders(stale.head()).forEach(h -> req.headers().set(h.name(), h.value()));
        } else if (mode == Mode.SLICE) {
            long size = fill != null ? fill.object().sliceSize() : ctx.config.sliceSize();
            req.headers().set(HttpHeaderNames.RANGE, "bytes=" + slice * size + "-" + ((slice + 1) * size - 1));
        }
        requestTime = ctx.clock.millis();
        ctx.metrics.originFetch();
        ctx.origin.send(loop, route, req, null, this);
    }

    /** A slice fill reserved by the caller before the fetch (so no two fetches race for one slice). */
    void reserved(Fill f) {
        this.fill = f;
    }

    void setPassSink(PassSink sink) {
        this.passSink = sink;
    }

    @Override
    public void onHead(OriginExchange ex, HttpResponse head) {
        headDone = true;
        long responseTime = ctx.clock.millis();
        int status = head.status().code();
        HttpHeaders h = head.headers();
        if (mode == Mode.REVALIDATE && status == 304 && stale != null) {
            StoredHead fresh = new StoredHead(stale.head().status(), ctx.policy.freshen(stale.head(), h, responseTime),
                    requestTime, responseTime);
            ctx.store.updateHead(stale.key(), fresh);
            CachedObject updated = ctx.store.get(stale.key()).orElse(stale);
            log.debug("revalidated {}: 304, freshened", key);
            onHead.accept(new Inflight.Outcome.Stored(updated, null));
            ex.read(); // drain the (empty) 304 body so the connection returns to the pool
            return;
        }
        if (mode == Mode.SLICE && status == 206) {
            if (fill != null) { // reserved slice of a known sparse object
                onHead.accept(new Inflight.Outcome.Stored(fill.object(), null));
                ex.read();
                return;
            }
            startSlice(ex, head, requestTime, responseTime);
            return;
        }
        if (fill != null) { // a reserved slice, but the origin no longer answers ranges: give it up
            fill.abort("origin answered " + status + " to a slice request");
            fill = null;
        }
        var decision = ctx.policy.storable(HttpMethod.GET.name(), new NettyHeaders(viewerRequest.headers()), status,
                new NettyHeaders(h));
        if (!decision.storable()) {
            onHead.accept(new Pass(head, ex, decision.reason(), this));
            return;
        }
        String variant = null;
        String storeKey = key;
        StoredHead stored = new StoredHead(status, OriginRequests.storedHeaders(ctx, h), requestTime, responseTime);
        if (h.contains(HttpHeaderNames.VARY)) {
            variant = ctx.policy.varyKey(new NettyHeaders(h), new NettyHeaders(viewerRequest.headers())).orElse(null);
            if (variant == null) {
                onHead.accept(new Pass(head, ex, "vary: *", this));
                return;
            }
            // The primary key holds a marker whose head names the Vary fields; the body lives under the variant.
            List<Header> marker = new ArrayList<>(stored.headers());
            marker.add(new Header(EdgePolicy.VARIANTS_MARKER, "1"));
            try {
                ctx.store.startFill(key, stored.withHeaders(marker), 0).complete();
            } catch (IOException e) {
                log.warn("cache write failed for the Vary marker of {}: {}", key, e.toString());
            }
            storeKey = key + "\u0000" + variant;
        }
        long length = HttpUtil.getContentLength(head, -1L);
        if (length >= 0 && !ctx.store.fits(length)) {
            onHead.accept(new Pass(head, ex, "too large for this cache", this));
            return;
        }
        fill = ctx.store.startFill(storeKey, stored, length);
        expectedDigest = ctx.policy.reprDigestSha256(new NettyHeaders(h)).orElse(null);
        digest = expectedDigest != null ? sha256() : null;
        onHead.accept(new Inflight.Outcome.Stored(fill.object(), variant));
        ex.read();
    }

    private void startSlice(OriginExchange ex, HttpResponse head, long reqTime, long respTime) {
        long[] cr = ctx.policy.contentRange(head.headers().get(HttpHeaderNames.CONTENT_RANGE));
        if (cr == null) {
            onHead.accept(new Pass(head, ex, "origin sent 206 without a valid Content-Range", this));
            return;
        }
        long total = cr[2];
        CachedObject sparse = ctx.store.get(key).filter(o -> o.sparse() && o.length() == total).orElse(null);
        if (sparse == null) {
            HttpHeaders whole = head.headers().copy();
            whole.remove(HttpHeaderNames.CONTENT_RANGE);
            whole.set(HttpHeaderNames.CONTENT_LENGTH, total);
            sparse = ctx.store.startSparse(key, new StoredHead(200, OriginRequests.storedHeaders(ctx, whole),
                    reqTime, respTime), total);
        }
        fill = ctx.store.startSliceFill(sparse, slice).orElse(null);
        onHead.accept(new Inflight.Outcome.Stored(sparse, null));
        if (fill == null) { // someone else filled it meanwhile
            ex.abort();
            return;
        }
        ex.read();
    }

    @Override
    public void onContent(OriginExchange ex, HttpContent c) {
        if (passSink != null) {
            passSink.content(ex, c);
            return;
        }
        boolean last = c instanceof LastHttpContent;
        try {
            if (fill != null && c.content().isReadable()) {
                if (digest != null) {
                    for (ByteBuffer b : c.content().nioBuffers()) {
                        digest.update(b);
                    }
                }
                fill.write(c.content());
            }
        } catch (IOException e) {
            log.warn("cache write failed for {}: {}", key, e.toString());
            fill.abort("cache write failed: " + e.getMessage());
            fill = null;
            ex.abort();
            c.release();
            return;
        } finally {
            if (!last) {
                c.release();
            }
        }
        if (!last) {
            ex.read();
            return;
        }
        c.release();
        if (fill == null) {
            return;
        }
        if (digest != null && !Arrays.equals(digest.digest(), expectedDigest)) {
            ctx.metrics.digestMismatch();
            log.warn("Repr-Digest mismatch for {} from {}: body discarded, not cached", key, route.origin());
            fill.abort("Repr-Digest mismatch");
            return;
        }
        try {
            fill.complete();
        } catch (IOException e) {
            log.warn("cache commit failed for {}: {}", key, e.toString());
            fill.abort("cache commit failed: " + e.getMessage());
        }
    }

    @Override
    public void onError(OriginExchange ex, OriginFailure failure) {
        ctx.metrics.originError();
        if (!headDone) {
            if (fill != null) {
                fill.abort(failure.message());
                fill = null;
            }
            onHead.accept(new Inflight.Outcome.Failed(failure));
            return;
        }
        if (passSink != null) {
            passSink.error(failure);
        }
        if (fill != null) {
            fill.abort(failure.message());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
