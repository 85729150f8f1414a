package dev.edgeweave.edge.http;

/** Names of the handlers in an edge viewer connection's pipeline, in order. */
public final class Pipeline {
    private Pipeline() {}

    /** Closes a connection whose request head does not arrive in time. */
    public static final String HEADER_TIMEOUT = "header-timeout";
    /** HTTP/1.1 request decoder (limits: 414, 431; CL+TE smuggling → 400). */
    public static final String DECODER = "http-decoder";
    /** HTTP/1.1 response encoder. */
    public static final String ENCODER = "http-encoder";
    /** Connection gauges and bytes-out counters. */
    public static final String METRICS = "metrics";
    /** The request handler shared by HTTP/1.1 and h2 streams. */
    public static final String PROXY = "proxy";
}
