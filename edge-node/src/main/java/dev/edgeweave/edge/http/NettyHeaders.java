package dev.edgeweave.edge.http;

import dev.edgeweave.cache.policy.HeaderView;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/** {@link HeaderView} over Netty's headers, so policy functions read live requests and responses. */
record NettyHeaders(HttpHeaders headers) implements HeaderView {
    @Override
    public String first(String name) {
        return headers.get(name);
    }

    @Override
    public List<String> all(String name) {
        return headers.getAll(name);
    }
}
