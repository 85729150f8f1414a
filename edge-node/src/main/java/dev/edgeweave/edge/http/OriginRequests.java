package dev.edgeweave.edge.http;

import dev.edgeweave.cache.Header;
import dev.edgeweave.edge.origin.OriginRoute;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Building origin requests from viewer requests, and choosing what of a response head is stored. */
final class OriginRequests {
    private OriginRequests() {}

    /** Request fields the edge decides itself on a cache fill (conditionals and ranges are ours). */
    private static final Set<String> NOT_FORWARDED_ON_FILL = Set.of("host", "range", "if-range", "if-none-match",
            "if-modified-since", "if-match", "if-unmodified-since", "content-length", "expect",
            "edgeweave-token");

    /** Response fields never stored: framing is recomputed, Age is recomputed. */
    private static final Set<String> NOT_STORED = Set.of("transfer-encoding", "connection", "keep-alive",
            "proxy-connection", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization");

    /** A GET for a cache fill: the viewer's end-to-end fields minus conditionals, ranges and framing. */
    static HttpRequest forCache(EdgeContext ctx, OriginRoute route, HttpRequest viewer) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, route.originTarget(viewer.uri()));
        copyEndToEnd(ctx, viewer.headers(), r.headers(), NOT_FORWARDED_ON_FILL);
        finish(ctx, route, viewer, r);
        return r;
    }

    /** A pass-through request: method, target and end-to-end fields as the viewer sent them. */
    static HttpRequest forPass(EdgeContext ctx, OriginRoute route, HttpRequest viewer) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, viewer.method(), route.originTarget(viewer.uri()));
        copyEndToEnd(ctx, viewer.headers(), r.headers(), Set.of("host", "content-length", "expect", "edgeweave-token"));
        finish(ctx, route, viewer, r);
        return r;
    }

    private static void finish(EdgeContext ctx, OriginRoute route, HttpRequest viewer, HttpRequest r) {
        r.headers().set(HttpHeaderNames.HOST, route.originAuthority());
        r.headers().add(HttpHeaderNames.VIA, "1.1 " + ctx.config.nodeName());
        String host = viewer.headers().get(HttpHeaderNames.HOST);
        if (host != null) {
            r.headers().set("X-Forwarded-Host", host);
        }
    }

    private static void copyEndToEnd(EdgeContext ctx, HttpHeaders from, HttpHeaders to, Set<String> skip) {
        NettyHeaders view = new NettyHeaders(from);
        for (Map.Entry<String, String> e : from) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (skip.contains(n) || ctx.policy.hopByHop(n, view)) {
                continue;
            }
            to.add(e.getKey(), e.getValue());
        }
    }

    /** The response fields kept in the store (hop-by-hop dropped; Age dropped — it is recomputed). */
    static List<Header> storedHeaders(EdgeContext ctx, HttpHeaders h) {
        NettyHeaders view = new NettyHeaders(h);
        List<Header> out = new ArrayList<>(h.size());
        for (Map.Entry<String, String> e : h) {
            String n = e.getKey().toLowerCase(Locale.ROOT);
            if (NOT_STORED.contains(n) || ctx.policy.hopByHop(n, view)) {
                continue;
            }
            out.add(new Header(e.getKey(), e.getValue()));
        }
        return out;
    }
}
