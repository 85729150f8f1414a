package dev.edgeweave.tracker.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An API error: HTTP status, machine code and a message naming what was wrong. */
final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final String code;

    ApiException(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, code, message);
    }

    static ApiException notFound(String code, String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, code, message);
    }

    HttpResponseStatus status() {
        return status;
    }

    String code() {
        return code;
    }
}
