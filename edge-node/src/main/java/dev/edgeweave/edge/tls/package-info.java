/**
 * TLS for the edge node's viewer listener: {@link dev.edgeweave.edge.tls.TlsCertificates} (the default
 * certificate and a directory of per-hostname PEM pairs, chosen by SNI and reloaded when files
 * change), the {@link dev.edgeweave.edge.tls.TlsProvider} choice (BoringSSL through netty-tcnative by
 * default, Conscrypt with its Netty workarounds, or the JDK), and {@link dev.edgeweave.edge.tls.DevCa}
 * for devnets and tests. What happens after the handshake (ALPN to HTTP/1.1 or h2) is built by
 * {@code dev.edgeweave.edge.http.EdgeInitializer}.
 */
package dev.edgeweave.edge.tls;
