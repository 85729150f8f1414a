package dev.edgeweave.edge.tls;

import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.Provider;
import javax.net.ssl.SSLException;

/**
 * Builds the server {@link SslContext} of one certificate for a provider: TLS 1.3 and 1.2 only, AEAD
 * ECDHE suites only (the HTTP/2 profile, RFC 9113 §9.2.2), a session cache and tickets, and ALPN
 * {@code h2, http/1.1} where Netty negotiates it. Conscrypt gets no Netty ALPN: Netty's ALPN wrapper
 * fails every handshake of a client that sends no ALPN (google/conscrypt#973, #1003), so
 * {@link ConscryptSupport} sets the selector on each engine instead.
 */
final class ServerContexts {
    private ServerContexts() {}

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Resumable sessions kept server-side (TLS 1.2 session ids); tickets need no state. */
    static final long SESSION_CACHE_SIZE = 20_000;
    static final long SESSION_TIMEOUT_SECONDS = 3600;

    static final ApplicationProtocolConfig ALPN = new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            // a client offering neither protocol still gets a connection (HTTP/1.1), not an alert
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    static SslContext build(TlsProvider provider, PemFiles.Pair pair, Provider conscrypt) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(pair.key(), pair.chain())
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS);
        switch (provider) {
            case OPENSSL -> b.sslProvider(SslProvider.OPENSSL).applicationProtocolConfig(ALPN);
            case JDK -> b.sslProvider(SslProvider.JDK).applicationProtocolConfig(ALPN);
            case CONSCRYPT -> b.sslProvider(SslProvider.JDK).sslContextProvider(conscrypt);
            default -> throw new IllegalArgumentException("tlsProvider: " + provider);
        }
        return b.build();
    }
}
