package dev.edgeweave.tracker.api;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * A request with its body copied out of Netty buffers, safe to hand to another thread.
 *
 * @param method  HTTP method
 * @param uri     raw request target
 * @param path    decoded path
 * @param params  decoded query parameters
 * @param headers a copy of the headers
 * @param body    the exact body bytes (what signatures cover)
 * @param client  the peer's address
 */
record ApiRequest(HttpMethod method, String uri, String path, Map<String, List<String>> params,
                  HttpHeaders headers, byte[] body, InetAddress client) {

    /** First value of query parameter {@code name}, or null. */
    String param(String name) {
        List<String> v = params.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
