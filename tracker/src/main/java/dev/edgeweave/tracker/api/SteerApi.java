package dev.edgeweave.tracker.api;

import dev.edgeweave.tracker.registry.NodeEndpoint;
import dev.edgeweave.tracker.steer.Location;
import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.steer.RankedNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Steering over HTTP: {@code GET /v1/steer} explains a ranking (every score component), and
 * {@code GET /r/HOST/PATH} redirects a viewer to its best node. Both read lock-free snapshots and
 * run on the event loop.
 */
final class SteerApi {

    record Where(String region, double lat, double lon, String matchedPrefix) {}

    record Ranked(int rank, String id, String region, List<String> addresses, int port, String url,
                  double distanceKm, double spareRatio, double load, String rendezvous, String why) {}

    record Explanation(String host, String client, String objectKey, Where location, List<Ranked> nodes) {}

    private final ApiContext ctx;

    SteerApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** {@code GET /v1/steer?host=H[&client=IP][&key=K]}. */
    ApiResponse explain(ApiRequest request) {
        String host = request.param("host");
        if (host == null || host.isBlank()) {
            throw ApiException.badRequest("invalid_field", "host: missing (expected: a publisher hostname, e.g. "
                    + ctx.publishers().host("demo") + ")");
        }
        host = normalizeHost(host);
        requirePublisher(host);
        String clientText = request.param("client");
        InetAddress client = request.client();
        if (clientText != null) {
            client = NetUtil.createInetAddressFromIpAddressString(clientText);
            if (client == null) {
                throw ApiException.badRequest("invalid_field", "client: '" + abbreviate(clientText)
                        + "' (expected: an IPv4 or IPv6 address)");
            }
        }
        String key = request.param("key");
        Location loc = ctx.steering().locate(client);
        List<Ranked> out = new ArrayList<>();
        for (RankedNode r : ctx.steering().rank(host, client, key)) {
            NodeView n = r.node();
            List<String> addrs = new ArrayList<>();
            for (InetAddress a : n.addresses()) {
                addrs.add(a.getHostAddress());
            }
            String url = ctx.nodes().endpoint(n.id()).map(NodeEndpoint::base).orElse(null);
            out.add(new Ranked(r.rank(), n.id(), ctx.steering().snapshot().regionOf(n.id()).orElse(n.region()),
                    addrs, n.port(), url, r.distanceKm(), r.spareRatio(), n.load(),
                    String.format(Locale.ROOT, "0x%016x", r.rendezvous()), r.why()));
        }
        Explanation e = new Explanation(host, client.getHostAddress(), key,
                new Where(loc.region(), loc.lat(), loc.lon(), loc.matchedPrefix()), out);
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(e));
    }

    /**
     * {@code GET /r/HOST/PATH…}: 302 to {@code NODE/~/HOST/PATH…} on the best node for the requesting client (its source address;
     * no parameter overrides it). Objects in one directory go to the same node (the rendezvous key
     * is the directory), so a stream's segments share a cache.
     */
    ApiResponse redirect(ApiRequest request) {
        String rest = request.uri().substring("/r/".length());
        int slash = rest.indexOf('/');
        String rawHost = slash < 0 ? rest : rest.substring(0, slash);
        String pathAndQuery = slash < 0 ? "/" : rest.substring(slash);
        int q = rawHost.indexOf('?');
        if (q >= 0) { // "/r/host?x" without a path
            pathAndQuery = "/" + rawHost.substring(q);
            rawHost = rawHost.substring(0, q);
        }
        String host = normalizeHost(rawHost);
        requirePublisher(host);
        for (int i = 0; i < pathAndQuery.length(); i++) {
            char c = pathAndQuery.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw ApiException.badRequest("invalid_path", "path: character 0x" + Integer.toHexString(c)
                        + " at " + i + " (expected: a percent-encoded URL path)");
            }
        }
        String path = pathAndQuery;
        int qm = path.indexOf('?');
        if (qm >= 0) {
            path = path.substring(0, qm);
        }
        String directory = path.substring(0, path.lastIndexOf('/') + 1);
        Optional<NodeView> best = ctx.steering().pick(host, request.client(), directory);
        Optional<NodeEndpoint> endpoint = best.flatMap(n -> ctx.nodes().endpoint(n.id()));
        if (endpoint.isEmpty()) {
            throw new ApiException(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_node",
                    "host " + host + ": no healthy node available for client " + request.client().getHostAddress()
                            + " (expected: at least one registered, healthy, non-draining node)");
        }
        return ApiResponse.empty(HttpResponseStatus.FOUND)
                // The node learns the publisher's host from the path (/~/HOST/PATH): the viewer's Host header
                // will be the node's address, and relative URLs in playlists keep the prefix.
                .withHeader(HttpHeaderNames.LOCATION.toString(), endpoint.get().base() + "/~/" + host + pathAndQuery)
                .withHeader(HttpHeaderNames.CACHE_CONTROL.toString(), "private, max-age=" + ctx.redirectMaxAgeSeconds());
    }

    private void requirePublisher(String host) {
        if (ctx.publishers().byHost(host).isEmpty()) {
            throw ApiException.notFound("unknown_host", "host: '" + abbreviate(host) + "' is not a registered"
                    + " publisher hostname (expected: NAME." + ctx.steering().config().zone() + " from GET /v1/publishers)");
        }
    }

    private static String normalizeHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
