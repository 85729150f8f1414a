package dev.edgeweave.tracker.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /health}, {@code /metrics} and {@code /v1/nonce}. */
final class SystemApi {

    record Nonce(String nonce) {}

    private final ApiContext ctx;
    private final PrometheusMeterRegistry prometheus;

    SystemApi(ApiContext ctx) {
        this.ctx = ctx;
        this.prometheus = findPrometheus(ctx.meters());
    }

    /** {@code GET /health}: 200 {@code ok} while the API answers. */
    ApiResponse health(ApiRequest request) {
        return ApiResponse.text(HttpResponseStatus.OK, "ok\n", ApiResponse.TEXT);
    }

    /** {@code GET /metrics}: Prometheus text format. */
    ApiResponse metrics(ApiRequest request) {
        if (prometheus == null) {
            throw ApiException.notFound("no_metrics", "metrics: this tracker was started without a Prometheus"
                    + " meter registry (expected: a PrometheusMeterRegistry passed to the Tracker)");
        }
        return ApiResponse.text(HttpResponseStatus.OK, prometheus.scrape(), "text/plain; version=0.0.4; charset=utf-8");
    }

    /** {@code GET /v1/nonce}: a single-use nonce for one registration. */
    ApiResponse nonce(ApiRequest request) {
        String nonce = ctx.nonces().issue();
        return ApiResponse.json(HttpResponseStatus.OK, Json.write(new Nonce(nonce)));
    }

    private static PrometheusMeterRegistry findPrometheus(MeterRegistry meters) {
        if (meters instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (meters instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                PrometheusMeterRegistry p = findPrometheus(r);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }
}
