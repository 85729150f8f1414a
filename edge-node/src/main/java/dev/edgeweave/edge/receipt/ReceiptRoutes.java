package dev.edgeweave.edge.receipt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.edge.http.EdgeContext;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.ReceiptBatch;
import dev.edgeweave.proof.wire.SignedToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;

/**
 * {@code POST /.well-known/edgeweave/receipts} on the node's public port (docs/protocol.md §4): the
 * body is a receipt batch, the {@code EdgeWeave-Token} header the viewer's token. Answers JSON once the
 * accepted receipts are fsynced: 200 when every receipt was taken (a {@code REPLAYED} retry counts as
 * taken), 422 when some were refused — each receipt with {@code accepted} or {@code refused} plus its
 * code and reason — or a whole-batch error ({@code {"error","message"}}). The event loop only copies
 * the body; the work happens on the intake thread.
 */
final class ReceiptRoutes implements EdgeContext.ExtraRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "/.well-known/edgeweave/";

    private final ReceiptIntake intake;
    private final String nodeId;
    private final BooleanSupplier started;

    ReceiptRoutes(ReceiptIntake intake, String nodeId, BooleanSupplier started) {
        this.intake = intake;
        this.nodeId = nodeId;
        this.started = started;
    }

    @Override
    public boolean matches(HttpRequest req) {
        String uri = req.uri();
        if (!uri.startsWith(PREFIX)) {
            return false;
        }
        int len = ReceiptBatch.PATH.length();
        return uri.startsWith(ReceiptBatch.PATH) && (uri.length() == len || uri.charAt(len) == '?');
    }

    @Override
    public FullHttpResponse handle(HttpRequest req, ByteBuf body) {
        throw new UnsupportedOperationException("receipts are answered by handleAsync (after an fsync)");
    }

    @Override
    public CompletionStage<FullHttpResponse> handleAsync(HttpRequest req, ByteBuf body) {
        if (!req.method().equals(HttpMethod.POST)) {
            FullHttpResponse r = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method: "
                    + req.method() + " (expected: POST of a receipt batch)");
            r.headers().set(HttpHeaderNames.ALLOW, "POST");
            return CompletableFuture.completedFuture(r);
        }
        String ct = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String base = ct == null ? null : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ReceiptBatch.CONTENT_TYPE.equals(base)) {
            return CompletableFuture.completedFuture(error(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type", "Content-Type: " + (ct == null ? "missing" : "'" + ct + "'")
                            + " (expected: " + ReceiptBatch.CONTENT_TYPE + ")"));
        }
        if (!started.getAsBoolean()) {
            return CompletableFuture.completedFuture(error(HttpResponseStatus.SERVICE_UNAVAILABLE, "starting",
                    "node: receipt intake not started yet (expected: retry shortly)"));
        }
        byte[] bytes = ByteBufUtil.getBytes(body); // body is released when this call returns
        return intake.submit(req.headers().get(SignedToken.HEADER), bytes).thenApply(this::render);
    }

    private FullHttpResponse render(ReceiptIntake.BatchResult r) {
        if (r.errorCode() != null) {
            return error(HttpResponseStatus.valueOf(r.status()), r.errorCode(), r.message());
        }
        List<Map<String, Object>> items = new ArrayList<>(r.items().size());
        int accepted = 0;
        for (ReceiptIntake.Item it : r.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", it.index());
            m.put("tokenId", it.receipt().tokenId().hex());
            m.put("epoch", it.receipt().epoch());
            m.put("serial", it.receipt().serial());
            m.put("bytes", it.receipt().bytes());
            if (it.verdict() instanceof Verdict.Rejected rej) {
                m.put("result", "refused");
                m.put("code", rej.code().name());
                m.put("reason", rej.reason());
            } else {
                m.put("result", "accepted");
                accepted++;
            }
            items.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("node", nodeId);
        doc.put("accepted", accepted);
        doc.put("refused", r.items().size() - accepted);
        doc.put("receipts", items);
        return json(HttpResponseStatus.valueOf(r.status()), doc);
    }

    private static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("error", code);
        doc.put("message", message);
        return json(status, doc);
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object doc) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a receipts answer", e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return r;
    }
}
