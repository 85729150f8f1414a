package dev.edgeweave.edge.http;

/**
 * Names of the handlers in an edge viewer connection's pipeline, in order.
 * <pre>
 * plaintext:  header-timeout → protocol-sniffer ─┬→ http-decoder → http-encoder → proxy      (HTTP/1.1)
 *                                                 └→ h2-idle → h2-codec → h2-multiplex         (h2c, prior knowledge)
 * TLS:        tls (SNI; replaces itself by the SslHandler) → alpn ─┬→ header-timeout → http-decoder → http-encoder → proxy
 *                                                                  └→ h2-idle → h2-codec → h2-multiplex
 * h2 stream:  h2-stream-codec → h2-request → proxy
 * </pre>
 */
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
    /** TLS: reads the ClientHello's server name, then becomes the provider's SslHandler for that certificate. */
    public static final String TLS = "tls";
    /** TLS: waits for the handshake, then builds the HTTP/1.1 or h2 pipeline the client chose by ALPN. */
    public static final String ALPN = "alpn";
    /** Plaintext: looks at the first bytes for the HTTP/2 connection preface (h2c with prior knowledge). */
    public static final String PROTOCOL_SNIFFER = "protocol-sniffer";
    /** h2: closes a connection with no traffic for the viewer idle timeout. */
    public static final String H2_IDLE = "h2-idle";
    /** h2: frames, HPACK, flow control, stream and reset limits. */
    public static final String H2_CODEC = "h2-codec";
    /** h2: one child channel per stream, each with the stream pipeline below. */
    public static final String H2_MULTIPLEX = "h2-multiplex";
    /** h2 stream: frames to and from HttpRequest/HttpResponse/HttpContent. */
    public static final String H2_STREAM_CODEC = "h2-stream-codec";
    /** h2 stream: strips Netty's x-http2-* conversion headers so they never reach an origin. */
    public static final String H2_REQUEST = "h2-request";
}
