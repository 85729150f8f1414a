package dev.edgeweave.tracker.api;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.tracker.registry.HeartbeatReport;
import dev.edgeweave.tracker.registry.NodeStatus;
import dev.edgeweave.tracker.registry.ProbeStatus;
import dev.edgeweave.tracker.registry.RegistryException;
import dev.edgeweave.tracker.registry.Validation;
import dev.edgeweave.tracker.store.Heartbeat;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /v1/nodes…}: registration with proof of key possession, heartbeats, drain, removal, and
 * the operator's view of every node with the reason it is down. Runs off the event loop (the
 * registry writes to the database).
 */
final class NodeApi {

    /** Body of {@code POST /v1/nodes}. */
    record Registration(String publicKey, String url, String admin, String region, Long maxMbps, String nonce) {}

    /** Body of {@code POST /v1/nodes/{id}/drain} and {@code DELETE /v1/nodes/{id}}. */
    record Signed(Long ts) {}

    record Registered(String id, String region, int heartbeatSeconds, int heartbeatTimeoutSeconds) {}

    record HeartbeatAck(String state, String reason, long publishersVersion) {}

    record Probe(String url, Long lastAt, Boolean ok, int consecutiveFailures, String detail) {}

    record Node(String id, String url, String admin, String region, String state, boolean healthy, boolean draining,
                String reason, long stateSince, long registeredAt, Long lastHeartbeatAt, long maxMbps,
                Heartbeat heartbeat, Probe probe) {}

    record Nodes(List<Node> nodes) {}

    private final ApiContext ctx;

    NodeApi(ApiContext ctx) {
        this.ctx = ctx;
    }

    /** {@code POST /v1/nodes}. */
    ApiResponse register(ApiRequest request) {
        Registration body = Json.read(request.body(), Registration.class);
        Ed25519PublicKey key = Validation.publicKey("publicKey", body.publicKey());
        Signatures.verify(request, key);
        NodeStatus s = ctx.nodes().register(body.publicKey(), body.url(), body.admin(), body.region(),
                body.maxMbps(), body.nonce());
        return ApiResponse.json(HttpResponseStatus.CREATED, Json.write(new Registered(s.id(), s.record().region(),
                ctx.heartbeatSeconds(), ctx.heartbeatTimeoutSeconds())));
    }

    /** {@code POST /v1/nodes/{id}/heartbeat}. */
    ApiResponse heartbeat(ApiRequest request, String rawId) {
        String id = authenticate(request, rawId);
        HeartbeatReport report = Json.read(request.body(), HeartbeatReport.class);
        NodeStatus s = ctx.nodes().heartbeat(id, report);
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(new HeartbeatAck(s.state().wire(), s.reason(),
                ctx.publishers().table().version())));
    }

    /** {@code POST /v1/nodes/{id}/drain}. */
    ApiResponse drain(ApiRequest request, String rawId) {
        String id = authenticate(request, rawId);
        Signed body = Json.read(request.body(), Signed.class);
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(node(ctx.nodes().drain(id, body.ts()))));
    }

    /** {@code DELETE /v1/nodes/{id}}. */
    ApiResponse delete(ApiRequest request, String rawId) {
        String id = authenticate(request, rawId);
        Signed body = Json.read(request.body(), Signed.class);
        ctx.nodes().remove(id, body.ts());
        return ApiResponse.empty(HttpResponseStatus.NO_CONTENT);
    }

    /** {@code GET /v1/nodes}. */
    ApiResponse list(ApiRequest request) {
        List<Node> out = new ArrayList<>();
        for (NodeStatus s : ctx.nodes().statuses()) {
            out.add(node(s));
        }
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(new Nodes(out)));
    }

    /** {@code GET /v1/nodes/{id}}. */
    ApiResponse get(ApiRequest request, String rawId) {
        String id = knownId(rawId);
        NodeStatus s = ctx.nodes().status(id).orElseThrow(() -> unknown(rawId));
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(node(s)));
    }

    /** A registered id whose signature header verifies over the body. */
    private String authenticate(ApiRequest request, String rawId) {
        String id = knownId(rawId);
        Signatures.verify(request, Ed25519PublicKey.fromHex(id));
        return id;
    }

    private String knownId(String rawId) {
        String id = rawId.toLowerCase(Locale.ROOT);
        try {
            Validation.publicKey("id", id);
        } catch (RegistryException e) {
            throw unknown(rawId);
        }
        if (!ctx.nodes().contains(id)) {
            throw unknown(rawId);
        }
        return id;
    }

    private static ApiException unknown(String rawId) {
        return ApiException.notFound("unknown_node", "node '" + (rawId.length() > 80 ? rawId.substring(0, 77)
                + "..." : rawId) + "' is not registered (expected: the 64-hex-digit id returned by POST /v1/nodes)");
    }

    static Node node(NodeStatus s) {
        ProbeStatus p = s.probe();
        Probe probe = new Probe(s.record().admin() + "/health", p.lastAt() == 0 ? null : p.lastAt(),
                p.lastAt() == 0 ? null : p.lastOk(), p.consecutiveFailures(), p.detail());
        return new Node(s.id(), s.record().url(), s.record().admin(), s.record().region(), s.state().wire(),
                s.state() == dev.edgeweave.tracker.registry.NodeState.HEALTHY, s.record().draining(), s.reason(),
                s.stateSince(), s.record().registeredAt(), s.lastHeartbeatAt() == 0 ? null : s.lastHeartbeatAt(),
                s.record().maxMbps(), s.record().heartbeat(), probe);
    }
}
