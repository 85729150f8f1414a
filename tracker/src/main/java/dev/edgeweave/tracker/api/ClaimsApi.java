package dev.edgeweave.tracker.api;

import dev.edgeweave.proof.audit.AuditResponse;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.tracker.claims.ClaimException;
import dev.edgeweave.tracker.claims.ClaimService;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Claims, audits and rewards ({@code docs/api.md}, "Claims, audits and rewards"):
 * {@code POST /v1/claims} (binary signed claim), {@code POST /v1/claims/{node}/{epoch}/audit} (binary
 * audit response, signed by the node in {@code EdgeWeave-Signature}), {@code GET /v1/claims/{node}/{epoch}},
 * {@code GET /v1/epochs}, {@code GET /v1/epochs/{n}/rewards} and {@code GET /v1/nodes/{id}/earnings}.
 * The logic is {@link ClaimService}'s; this class maps HTTP to it. Everything but {@code GET /v1/epochs}
 * touches the database and runs off the event loop.
 */
final class ClaimsApi {

    /** Largest claim or audit body: a claim is 150 + 32 bytes per viewer session, so about a million sessions. */
    static final int MAX_BODY = 32 << 20;

    private final ClaimService claims;

    /** @param claims the service, or null when this tracker does not take claims (then every route is 404) */
    ClaimsApi(ClaimService claims) {
        this.claims = claims;
    }

    /** Whether a request to {@code uri} may carry a body up to {@link #MAX_BODY} (binary claims and audits). */
    static boolean isBinaryUpload(String uri) {
        return uri.equals("/v1/claims") || uri.startsWith("/v1/claims/") || uri.startsWith("/v1/claims?");
    }

    /**
     * The route for a claims endpoint, or null if {@code path} is not one.
     *
     * @throws Routes.MethodNotAllowed for a claims path with the wrong method
     */
    Routes.Route route(HttpMethod method, String path) {
        if (path.equals("/v1/claims")) {
            allow(method, path, List.of(HttpMethod.POST));
            return new Routes.Route("POST /v1/claims", true, this::submit);
        }
        if (path.equals("/v1/epochs")) {
            allow(method, path, List.of(HttpMethod.GET));
            return new Routes.Route("GET /v1/epochs", false, this::schedule);
        }
        if (path.startsWith("/v1/claims/")) {
            String[] p = path.substring("/v1/claims/".length()).split("/", -1);
            if (p.length == 2 && !p[0].isEmpty() && !p[1].isEmpty()) {
                allow(method, path, List.of(HttpMethod.GET));
                return new Routes.Route("GET /v1/claims/{node}/{epoch}", true, r -> json(HttpResponseStatus.OK,
                        () -> service().claim(p[0], p[1])));
            }
            if (p.length == 3 && !p[0].isEmpty() && !p[1].isEmpty() && p[2].equals("audit")) {
                allow(method, path, List.of(HttpMethod.POST));
                return new Routes.Route("POST /v1/claims/{node}/{epoch}/audit", true, r -> audit(r, p[0], p[1]));
            }
        }
        if (path.startsWith("/v1/epochs/")) {
            String[] p = path.substring("/v1/epochs/".length()).split("/", -1);
            if (p.length == 2 && !p[0].isEmpty() && p[1].equals("rewards")) {
                allow(method, path, List.of(HttpMethod.GET));
                return new Routes.Route("GET /v1/epochs/{n}/rewards", true, r -> json(HttpResponseStatus.OK,
                        () -> service().rewards(p[0])));
            }
        }
        if (path.startsWith("/v1/nodes/")) {
            String[] p = path.substring("/v1/nodes/".length()).split("/", -1);
            if (p.length == 2 && !p[0].isEmpty() && p[1].equals("earnings")) {
                allow(method, path, List.of(HttpMethod.GET));
                return new Routes.Route("GET /v1/nodes/{id}/earnings", true, r -> json(HttpResponseStatus.OK,
                        () -> service().earnings(p[0])));
            }
        }
        return null;
    }

    /** {@code POST /v1/claims}. */
    private ApiResponse submit(ApiRequest request) {
        contentType(request, SignedClaim.CONTENT_TYPE);
        ClaimService.Outcome out = call(() -> service().submit(request.body()));
        return ApiResponse.json(out.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                Json.write(out.claim()));
    }

    /** {@code POST /v1/claims/{node}/{epoch}/audit}: signed by the node, like every node request. */
    private ApiResponse audit(ApiRequest request, String node, String epoch) {
        Ed25519PublicKey key;
        try {
            key = Ed25519PublicKey.fromHex(node.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid_field", "node: '" + (node.length() > 80 ? node.substring(0, 77)
                    + "..." : node) + "' (expected: 64 hex digits, a node id)");
        }
        contentType(request, AuditResponse.CONTENT_TYPE);
        Signatures.verify(request, key);
        return json(HttpResponseStatus.OK, () -> service().audit(node, epoch, request.body()));
    }

    /** {@code GET /v1/epochs}. */
    private ApiResponse schedule(ApiRequest request) {
        return json(HttpResponseStatus.OK, () -> service().scheduleView());
    }

    private ClaimService service() {
        if (claims == null) {
            throw ApiException.notFound("not_found", "claims: this tracker does not take claims (expected: a"
                    + " tracker started with a ClaimService)");
        }
        return claims;
    }

    private static ApiResponse json(HttpResponseStatus status, Supplier<Object> body) {
        return ApiResponse.json(status, Json.write(call(body)));
    }

    /** Runs a service call, turning its refusals into the API's JSON errors. */
    private static <T> T call(Supplier<T> work) {
        try {
            return work.get();
        } catch (ClaimException e) {
            throw new ApiException(HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
        }
    }

    private static void contentType(ApiRequest request, String expected) {
        String ct = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String base = ct == null ? null : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!expected.equals(base)) {
            throw new ApiException(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Content-Type: " + (ct == null ? "missing" : "'" + ct + "'") + " (expected: " + expected + ")");
        }
    }

    private static void allow(HttpMethod method, String path, List<HttpMethod> allowed) {
        if (!allowed.contains(method)) {
            throw new Routes.MethodNotAllowed(method, path, allowed);
        }
    }
}
