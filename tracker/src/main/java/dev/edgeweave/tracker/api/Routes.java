package dev.edgeweave.tracker.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.function.Function;

/**
 * Maps method + path to an endpoint. Each {@link Route} has a metrics name (the path template) and
 * says whether it blocks (database work: runs on the API executor) or not (runs on the event loop).
 */
final class Routes {

    /**
     * A resolved endpoint.
     *
     * @param name     path template for metrics and logs, e.g. {@code POST /v1/nodes/{id}/heartbeat}
     * @param blocking whether it must run off the event loop
     * @param handler  the endpoint
     */
    record Route(String name, boolean blocking, Function<ApiRequest, ApiResponse> handler) {}

    private final NodeApi nodes;
    private final PublisherApi publishers;
    private final SteerApi steer;
    private final SystemApi system;
    private final ClaimsApi claims;

    Routes(ApiContext ctx) {
        this.nodes = new NodeApi(ctx);
        this.publishers = new PublisherApi(ctx);
        this.steer = new SteerApi(ctx);
        this.system = new SystemApi(ctx);
        this.claims = new ClaimsApi(ctx.claims());
    }

    /**
     * The route for {@code method} and decoded {@code path}.
     *
     * @throws ApiException 404 {@code not_found} or 405 {@code method_not_allowed} (naming the allowed methods)
     */
    Route resolve(HttpMethod method, String path) {
        if (path.startsWith("/r/")) {
            allow(method, path, List.of(HttpMethod.GET, HttpMethod.HEAD));
            return new Route("GET /r/{host}/{path}", false, steer::redirect);
        }
        Route claimsRoute = claims.route(method, path); // /v1/claims…, /v1/epochs…, /v1/nodes/{id}/earnings
        if (claimsRoute != null) {
            return claimsRoute;
        }
        switch (path) {
            case "/health":
                allow(method, path, List.of(HttpMethod.GET, HttpMethod.HEAD));
                return new Route("GET /health", false, system::health);
            case "/metrics":
                allow(method, path, List.of(HttpMethod.GET));
                return new Route("GET /metrics", true, system::metrics);
            case "/v1/nonce":
                allow(method, path, List.of(HttpMethod.GET));
                return new Route("GET /v1/nonce", true, system::nonce);
            case "/v1/steer":
                allow(method, path, List.of(HttpMethod.GET));
                return new Route("GET /v1/steer", false, steer::explain);
            case "/v1/publishers":
                allow(method, path, List.of(HttpMethod.GET, HttpMethod.POST));
                return method.equals(HttpMethod.GET)
                        ? new Route("GET /v1/publishers", false, publishers::list)
                        : new Route("POST /v1/publishers", true, publishers::register);
            case "/v1/nodes":
                allow(method, path, List.of(HttpMethod.GET, HttpMethod.POST));
                return method.equals(HttpMethod.GET)
                        ? new Route("GET /v1/nodes", true, nodes::list)
                        : new Route("POST /v1/nodes", true, nodes::register);
            default:
                break;
        }
        if (path.startsWith("/v1/nodes/")) {
            String[] parts = path.substring("/v1/nodes/".length()).split("/", -1);
            String id = parts[0];
            if (parts.length == 1 && !id.isEmpty()) {
                allow(method, path, List.of(HttpMethod.GET, HttpMethod.DELETE));
                return method.equals(HttpMethod.GET)
                        ? new Route("GET /v1/nodes/{id}", true, r -> nodes.get(r, id))
                        : new Route("DELETE /v1/nodes/{id}", true, r -> nodes.delete(r, id));
            }
            if (parts.length == 2 && !id.isEmpty() && parts[1].equals("heartbeat")) {
                allow(method, path, List.of(HttpMethod.POST));
                return new Route("POST /v1/nodes/{id}/heartbeat", true, r -> nodes.heartbeat(r, id));
            }
            if (parts.length == 2 && !id.isEmpty() && parts[1].equals("drain")) {
                allow(method, path, List.of(HttpMethod.POST));
                return new Route("POST /v1/nodes/{id}/drain", true, r -> nodes.drain(r, id));
            }
        }
        throw ApiException.notFound("not_found", "path: '" + (path.length() > 80 ? path.substring(0, 77) + "..."
                : path) + "' is not an API endpoint (expected: see docs/api.md)");
    }

    private static void allow(HttpMethod method, String path, List<HttpMethod> allowed) {
        if (!allowed.contains(method)) {
            throw new MethodNotAllowed(method, path, allowed);
        }
    }

    /** 405 with the {@code Allow} list. */
    static final class MethodNotAllowed extends RuntimeException {
        final List<HttpMethod> allowed;
        final ApiException error;

        MethodNotAllowed(HttpMethod method, String path, List<HttpMethod> allowed) {
            super(null, null, false, false);
            this.allowed = allowed;
            this.error = new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "method: " + method + " on " + path + " (expected: one of " + allowed + ")");
        }
    }
}
