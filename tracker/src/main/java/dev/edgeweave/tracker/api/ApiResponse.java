package dev.edgeweave.tracker.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete response (bodies here are small).
 *
 * @param status      HTTP status
 * @param contentType content type, or null for no body
 * @param body        body bytes (empty for none)
 * @param headers     extra headers
 */
record ApiResponse(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    static ApiResponse json(HttpResponseStatus status, byte[] body) {
        return new ApiResponse(status, JSON, body, Map.of());
    }

    static ApiResponse text(HttpResponseStatus status, String body, String contentType) {
        return new ApiResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static ApiResponse empty(HttpResponseStatus status) {
        return new ApiResponse(status, null, new byte[0], Map.of());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiResponse(status, contentType, body, h);
    }
}
