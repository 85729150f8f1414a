package dev.edgeweave.edge.http;

import dev.edgeweave.cache.BodyChunk;
import dev.edgeweave.cache.CachedObject;
import dev.edgeweave.cache.CorruptObjectException;
import dev.edgeweave.cache.Fill;
import dev.edgeweave.edge.origin.OriginFailure;
import dev.edgeweave.edge.origin.OriginRoute;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One GET or HEAD through the cache: lookup (with Vary), freshness, revalidation, collapsed misses,
 * stale-while-revalidate and stale-if-error. Responses are written by {@link ObjectResponder} (stored
 * objects) or {@link Relay} (responses not stored). Runs on the viewer's event loop.
 */
final class CacheFlow implements ProxyHandler.Exchange {

    private final EdgeContext ctx;
    private final Channel ch;
    private final HttpRequest req;
    private final OriginRoute route;
    private final boolean keepAlive;
    private final ProxyHandler.Completion completion;
    private final String key;
    private final NettyHeaders reqHeaders;
    private ObjectResponder responder;
    private Relay relay;
    private boolean retriedCorrupt;
    private boolean cancelled;

    CacheFlow(EdgeContext ctx, Channel ch, HttpRequest req, OriginRoute route, boolean keepAlive,
              ProxyHandler.Completion completion) {
        this.ctx = ctx;
        this.ch = ch;
        this.req = req;
        this.route = route;
        this.keepAlive = keepAlive;
        this.completion = completion;
        this.key = cacheKey(req.headers().get(io.netty.handler.codec.http.HttpHeaderNames.HOST), req.uri());
        this.reqHeaders = new NettyHeaders(req.headers());
    }

    /** The store key of a URL: normalized host, a space, the request-target as received. */
    static String cacheKey(String hostHeader, String uri) {
        return dev.edgeweave.edge.origin.HostTable.normalize(hostHeader) + " " + uri;
    }

    @Override
    public void start() {
        Optional<CachedObject> found = ctx.store.get(key);
        if (found.isEmpty() || found.get().failed()) {
            fetch("uri-miss");
            return;
        }
        CachedObject obj = found.get();
        if (obj.head().contains(EdgePolicy.VARIANTS_MARKER)) {
            Optional<String> variant = ctx.policy.varyKey(obj.head(), reqHeaders);
            if (variant.isEmpty()) {
                fetchAlone("vary-miss");
                return;
            }
            Optional<CachedObject> v = ctx.store.get(key + "\u0000" + variant.get());
            if (v.isEmpty() || v.get().failed()) {
                fetch("vary-miss");
                return;
            }
            obj = v.get();
        }
        onStored(obj);
    }

    private void onStored(CachedObject obj) {
        if (!obj.complete() && !obj.sparse()) {
            ctx.metrics.coalesced();
            respond(obj, ctx.policy.cacheStatus().fwd("uri-miss").collapsed().toString(), "miss");
            return;
        }
        if (req.headers().contains("Authorization") && !ctx.policy.reusableWithAuthorization(obj.head())) {
            fetchAlone("request");
            return;
        }
        EdgePolicy.Fresh fresh = ctx.policy.freshness(reqHeaders, obj.head(), ctx.clock.millis());
        switch (fresh.state()) {
            case FRESH -> respond(obj, ctx.policy.cacheStatus().hit().ttl(fresh.ttlSeconds()).toString(), "hit");
            case STALE_WHILE_REVALIDATE -> {
                respond(obj, ctx.policy.cacheStatus().hit().ttl(fresh.ttlSeconds())
                        .detail("stale-while-revalidate").toString(), "stale");
                backgroundRevalidate(obj);
            }
            case STALE -> revalidate(obj, fresh);
        }
    }

    /** Miss: one origin fetch per key however many viewers ask; followers read the leader's fill. */
    private void fetch(String why) {
        if (onlyIfCached()) {
            return;
        }
        CompletableFuture<Inflight.Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Inflight.Outcome> leader = ctx.inflight.join(key, mine);
        if (leader != null) {
            ctx.metrics.coalesced();
            leader.whenComplete((o, t) -> ch.eventLoop().execute(() -> onFollowerOutcome(o, why)));
            return;
        }
        int slice = firstSliceOfRange();
        FillTask.Mode mode = slice >= 0 ? FillTask.Mode.SLICE : FillTask.Mode.FULL;
        new FillTask(ctx, route, key, req, mode, null, Math.max(slice, 0), outcome -> {
            ctx.inflight.finish(key, mine, shared(outcome));
            onLeaderOutcome(outcome, why, null);
        }).start(ch.eventLoop());
    }

    /**
     * RFC 9111 §5.2.1.7: a request with {@code only-if-cached} that cannot be answered from the cache
     * gets 504 instead of an origin fetch. Returns true when it answered so.
     */
    private boolean onlyIfCached() {
        if (!dev.edgeweave.cache.policy.CacheControl.parse(reqHeaders, "Cache-Control").onlyIfCached()) {
            return false;
        }
        Responses.send(ch, Responses.text(HttpResponseStatus.GATEWAY_TIMEOUT,
                "only-if-cached: no fresh stored response for " + ProxyHandler.abbreviate(req.uri()),
                ctx.policy.cacheStatus().fwd("miss").detail("only-if-cached").toString()), !keepAlive)
                .addListener(x -> finish(x.isSuccess(), "error", "none"));
        return true;
    }

    /** A fetch nobody else shares (a variant or response this viewer cannot share). */
    private void fetchAlone(String why) {
        if (onlyIfCached()) {
            return;
        }
        new FillTask(ctx, route, key, req, FillTask.Mode.FULL, null, 0,
                outcome -> onLeaderOutcome(outcome, why, null)).start(ch.eventLoop());
    }

    private void revalidate(CachedObject stale, EdgePolicy.Fresh fresh) {
        if (onlyIfCached()) {
            return;
        }
        new FillTask(ctx, route, stale.key(), req, FillTask.Mode.REVALIDATE, stale, 0,
                outcome -> onLeaderOutcome(outcome, "stale", fresh.staleIfError() ? stale : null))
                .start(ch.eventLoop());
    }

    private void backgroundRevalidate(CachedObject stale) {
        if (ctx.revalidating.putIfAbsent(stale.key(), Boolean.TRUE) != null) {
            return;
        }
        new FillTask(ctx, route, stale.key(), req, FillTask.Mode.REVALIDATE, stale, 0, outcome -> {
            ctx.revalidating.remove(stale.key());
            if (outcome instanceof FillTask.Pass p) {
                p.exchange().abort();
            }
        }).start(ch.eventLoop());
    }

    private static Inflight.Outcome shared(Inflight.Outcome o) {
        return o instanceof FillTask.Pass p ? new Inflight.Outcome.NotShared(p.reason()) : o;
    }

    private void onLeaderOutcome(Inflight.Outcome o, String why, CachedObject staleOnError) {
        if (cancelled) {
            if (o instanceof FillTask.Pass p) {
                p.exchange().abort();
            }
            return;
        }
        if (o instanceof Inflight.Outcome.Stored s) {
            String status = why.equals("stale")
                    ? ctx.policy.cacheStatus().fwd("stale").fwdStatus(s.object() == staleOnError ? 304 : 200).toString()
                    : ctx.policy.cacheStatus().fwd(why).fwdStatus(s.object().head().status()).stored().toString();
            respond(s.object(), status, why.equals("stale") ? "revalidated" : "miss");
        } else if (o instanceof FillTask.Pass p) {
            if (staleOnError != null && p.head().status().code() >= 500) {
                p.exchange().abort();
                respond(staleOnError, ctx.policy.cacheStatus().hit().fwd("stale").fwdStatus(p.head().status().code())
                        .detail("stale-if-error").toString(), "stale");
                return;
            }
            relay = new Relay(ctx, ch, req.method() == HttpMethod.HEAD, req.headers().get("EdgeWeave-Token"), (ok, bytes) -> finish(ok, "pass", "origin"));
            p.task().setPassSink(relay);
            relay.start(p.head(), p.exchange(), ctx.policy.cacheStatus().fwd(why.equals("stale") ? "stale" : "bypass")
                    .fwdStatus(p.head().status().code()).detail(p.reason()).toString(), keepAlive);
        } else if (o instanceof Inflight.Outcome.Failed f) {
            if (staleOnError != null) {
                respond(staleOnError, ctx.policy.cacheStatus().hit().fwd("stale").detail("stale-if-error: "
                        + f.failure().kind()).toString(), "stale");
                return;
            }
            error(f.failure());
        } else if (o instanceof Inflight.Outcome.NotShared n) {
            fetchAlone(why);
        }
    }

    private void onFollowerOutcome(Inflight.Outcome o, String why) {
        if (cancelled) {
            return;
        }
        if (o instanceof Inflight.Outcome.Stored s) {
            if (s.variant() != null) {
                Optional<String> mineVariant = ctx.store.get(key)
                        .flatMap(m -> ctx.policy.varyKey(m.head(), reqHeaders));
                if (mineVariant.isEmpty() || !mineVariant.get().equals(s.variant())) {
                    fetchAlone("vary-miss");
                    return;
                }
            }
            respond(s.object(), ctx.policy.cacheStatus().fwd(why).collapsed().toString(), "miss");
        } else if (o instanceof Inflight.Outcome.Failed f) {
            error(f.failure());
        } else {
            fetchAlone(why);
        }
    }

    private int firstSliceOfRange() {
        String range = req.headers().get("Range");
        if (range == null || req.method() != HttpMethod.GET) {
            return -1;
        }
        long first = ctx.policy.firstByteOfRange(range);
        return first < 0 ? -1 : (int) (first / ctx.config.sliceSize());
    }

    private void respond(CachedObject obj, String cacheStatus, String result) {
        if (obj.complete() && !obj.inMemory() && obj.length() > 0 && !verifyReadable(obj)) {
            if (!retriedCorrupt) {
                retriedCorrupt = true;
                fetch("uri-miss");
                return;
            }
            error(new OriginFailure(OriginFailure.Kind.ABORTED, "cache entry corrupt twice"));
            return;
        }
        responder = new ObjectResponder(ctx, ch, req, obj, keepAlive, cacheStatus,
                (ok, tier) -> finish(ok, result, tier), this::fetchSlice);
        responder.start();
    }

    /** Reads one byte so a corrupt disk entry is caught (and dropped) before any response byte is sent. */
    private boolean verifyReadable(CachedObject obj) {
        try {
            BodyChunk c = obj.read(0, 1);
            if (c instanceof BodyChunk.Memory m) {
                m.buf().release();
            } else if (c instanceof BodyChunk.File f) {
                f.channel().close();
            }
            return true;
        } catch (CorruptObjectException e) {
            org.slf4j.LoggerFactory.getLogger(CacheFlow.class)
                    .warn("corrupt cache entry {} dropped, refetching: {}", obj.key(), e.getMessage());
            ctx.store.remove(obj.key());
            return false;
        } catch (IOException e) {
            ctx.store.remove(obj.key());
            return false;
        }
    }

    private void fetchSlice(CachedObject sparse, int slice) {
        if (sparse.removed() || sparse.hasSlice(slice)) {
            return;
        }
        // Reserve the slice first: if another viewer's fetch is filling it, just wait for its bytes.
        Optional<Fill> reserved = ctx.store.startSliceFill(sparse, slice);
        if (reserved.isEmpty()) {
            return;
        }
        FillTask t = new FillTask(ctx, route, sparse.key(), req, FillTask.Mode.SLICE, null, slice, outcome -> {
            if (outcome instanceof FillTask.Pass p) {
                p.exchange().abort();
            }
        });
        t.reserved(reserved.get());
        t.start(ch.eventLoop());
    }

    private void error(OriginFailure f) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(f.status());
        Responses.send(ch, Responses.text(status, "origin " + route.originAuthority() + ": " + f.message(),
                ctx.policy.cacheStatus().fwd("uri-miss").detail(f.kind().name().toLowerCase()).toString()), !keepAlive)
                .addListener(x -> finish(x.isSuccess(), "error", "none"));
    }

    private void finish(boolean ok, String result, String tier) {
        completion.complete(ok && keepAlive, result, tier);
    }

    @Override
    public void writable() {
        if (responder != null) {
            responder.writable();
        }
        if (relay != null) {
            relay.writable();
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        if (responder != null) {
            responder.cancel();
        }
    }
}
