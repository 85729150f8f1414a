package dev.edgeweave.edge.http;

import dev.edgeweave.cache.ContentStore;
import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeMetrics;
import dev.edgeweave.edge.origin.HostTable;
import dev.edgeweave.edge.origin.OriginClient;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every connection of a node shares: config, store, origin client, host table, the collapsing
 * table, meters, clock and the hook that counts served bytes per viewer token. Built once by the node.
 */
public final class EdgeContext {

    final EdgeConfig config;
    final ContentStore store;
    final OriginClient origin;
    final HostTable hosts;
    final EdgeMetrics metrics;
    final Clock clock;
    final EdgePolicy policy;
    final Inflight inflight = new Inflight();
    /** Keys with a background revalidation running, so stale-while-revalidate revalidates once. */
    final ConcurrentHashMap<String, Boolean> revalidating = new ConcurrentHashMap<>();
    final ServedBytes servedBytes;
    final ExtraRoutes extraRoutes;
    volatile ResponseHeaders responseHeaders = ResponseHeaders.NONE;

    public EdgeContext(EdgeConfig config, ContentStore store, OriginClient origin, HostTable hosts,
                       EdgeMetrics metrics, Clock clock, ServedBytes servedBytes, ExtraRoutes extraRoutes) {
        this.config = config;
        this.store = store;
        this.origin = origin;
        this.hosts = hosts;
        this.metrics = metrics;
        this.clock = clock;
        this.policy = new EdgePolicy(config.nodeName());
        this.servedBytes = servedBytes == null ? ServedBytes.NONE : servedBytes;
        this.extraRoutes = extraRoutes == null ? ExtraRoutes.NONE : extraRoutes;
    }

    /** Sets the hook that adds node-wide fields to every viewer response (e.g. EdgeWeave-Node, EdgeWeave-Epoch). */
    public void responseHeaders(ResponseHeaders hook) {
        this.responseHeaders = hook == null ? ResponseHeaders.NONE : hook;
    }

    /** Adds fields to every response the node sends a viewer for a publisher's content. */
    public interface ResponseHeaders {
        ResponseHeaders NONE = h -> { };

        void addTo(io.netty.handler.codec.http.HttpHeaders headers);
    }

    public long clockMillis() {
        return clock.millis();
    }

    public Inflight inflight() {
        return inflight;
    }

    /** Counts body bytes sent under a viewer's token (receipts are checked against this). */
    public interface ServedBytes {
        ServedBytes NONE = (token, bytes) -> { };

        void served(String tokenHeader, long bytes);
    }

    /**
     * Requests the node answers itself on the public port (e.g. the receipts endpoint), before any
     * host routing.
     */
    public interface ExtraRoutes {
        ExtraRoutes NONE = new ExtraRoutes() {
            @Override
            public boolean matches(io.netty.handler.codec.http.HttpRequest req) {
                return false;
            }

            @Override
            public io.netty.handler.codec.http.FullHttpResponse handle(io.netty.handler.codec.http.HttpRequest req,
                    io.netty.buffer.ByteBuf body) {
                throw new UnsupportedOperationException();
            }
        };

        boolean matches(io.netty.handler.codec.http.HttpRequest req);

        /** Answers {@code req}; {@code body} is the whole request body, released by the caller. */
        io.netty.handler.codec.http.FullHttpResponse handle(io.netty.handler.codec.http.HttpRequest req,
                io.netty.buffer.ByteBuf body);

        /**
         * Answers {@code req} when the returned stage completes (on any thread), e.g. after an fsync off
         * the event loop. {@code body} is valid only during this call: the caller releases it when the
         * call returns. The default answers at once with {@link #handle}.
         */
        default java.util.concurrent.CompletionStage<io.netty.handler.codec.http.FullHttpResponse> handleAsync(
                io.netty.handler.codec.http.HttpRequest req, io.netty.buffer.ByteBuf body) {
            return java.util.concurrent.CompletableFuture.completedFuture(handle(req, body));
        }
    }
}
