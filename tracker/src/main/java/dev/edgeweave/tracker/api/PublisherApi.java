package dev.edgeweave.tracker.api;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.tracker.registry.Validation;
import dev.edgeweave.tracker.store.PublisherRecord;
import dev.edgeweave.tracker.store.PublisherTable;
import dev.edgeweave.tracker.store.PublisherWrite;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/publishers}: registration signed by the publisher key, and the hostname → origin
 * table edge nodes follow (with an ETag of its version, so polling is a 304 until it changes).
 */
final class PublisherApi {

    /** Body of {@code POST /v1/publishers}. */
    record Registration(String name, String origin, String publicKey, Boolean allowUnsafeMethods, String nonce) {}

    record Registered(String name, String host) {}

    record Publisher(String name, String host, String origin, String publicKey, boolean allowUnsafeMethods) {}

    record Publishers(long version, List<Publisher> publishers) {}

    private final ApiContext ctx;

    PublisherApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** {@code POST /v1/publishers} (blocking: writes the database). */
    ApiResponse register(ApiRequest request) {
        Registration body = Json.read(request.body(), Registration.class);
        Ed25519PublicKey key = Validation.publicKey("publicKey", body.publicKey());
        Signatures.verify(request, key);
        PublisherWrite w = ctx.publishers().register(body.name(), body.publicKey(), body.origin(),
                body.allowUnsafeMethods(), body.nonce());
        return ApiResponse.json(HttpResponseStatus.CREATED,
                Json.write(new Registered(w.record().name(), ctx.publishers().host(w.record().name()))));
    }

    /** {@code GET /v1/publishers} (non-blocking: reads the cached table). */
    ApiResponse list(ApiRequest request) {
        PublisherTable t = ctx.publishers().table();
        String etag = "\"" + t.version() + "\"";
        String inm = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (inm != null && matches(inm, etag)) {
            return ApiResponse.empty(HttpResponseStatus.NOT_MODIFIED).withHeader("ETag", etag);
        }
        List<Publisher> out = new ArrayList<>(t.publishers().size());
        for (PublisherRecord p : t.publishers()) {
            out.add(new Publisher(p.name(), ctx.publishers().host(p.name()), p.origin(), p.publicKey(),
                    p.allowUnsafeMethods()));
        }
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(new Publishers(t.version(), out)))
                .withHeader("ETag", etag);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
