package dev.edgeweave.edge.tls;

import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.edge.PublicTestOrigin;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real edge node with a TLS listener on loopback port 0 in front of a real origin, with certificates
 * from a fresh {@link DevCa} on disk:
 * <ul>
 *   <li>default: {@code edge.test} and {@code 127.0.0.1}, ECDSA P-256 ({@code default.pem/.key});</li>
 *   <li>in the certificate directory: {@code a.example} (RSA 2048) and {@code *.b.example} (ECDSA).</li>
 * </ul>
 * Certificate files are re-checked every 100 ms.
 */
final class TlsFixture implements AutoCloseable {

    static final Duration VALIDITY = Duration.ofDays(2);

    final Path dir;
    final PublicTestOrigin origin;
    final DevCa ca;
    final Path caPem;
    final Path certDir;
    final TlsProvider provider;
    EdgeConfig config;
    EdgeNode node;
    final SSLContext clientTls;

    TlsFixture(Path dir, TlsProvider provider, boolean withDefault) throws Exception {
        this.dir = dir;
        this.provider = provider;
        this.origin = new PublicTestOrigin();
        this.ca = DevCa.create("EdgeWeave test CA", Clock.systemUTC(), VALIDITY);
        this.caPem = dir.resolve("ca.pem");
        ca.writeCa(caPem, dir.resolve("ca.key"));
        this.certDir = Files.createDirectories(dir.resolve("certs"));
        ca.issue(certDir.resolve("a.example.crt"), certDir.resolve("a.example.key"), DevCa.KeyType.RSA_2048, VALIDITY,
                "a.example");
        ca.issue(certDir.resolve("b.pem"), certDir.resolve("b-key.pem"), DevCa.KeyType.EC_P256, VALIDITY, "*.b.example");
        Path cert = null;
        Path key = null;
        if (withDefault) {
            cert = dir.resolve("default.pem");
            key = dir.resolve("default.key");
            ca.issue(cert, key, DevCa.KeyType.EC_P256, VALIDITY, "edge.test", "127.0.0.1");
        }
        EdgeConfig.Tls tls = new EdgeConfig.Tls(new InetSocketAddress("127.0.0.1", 0), cert, key, certDir, provider,
                Duration.ofMillis(100));
        this.config = EdgeConfig.standalone(new InetSocketAddress("127.0.0.1", 0), dir.resolve("cache"), origin.uri())
                .withCache(64L << 20, 1L << 30, 1 << 20)
                .withIoThreads(2)
                .withTls(tls);
        this.clientTls = clientContext(caPem);
    }

    TlsFixture start() throws Exception {
        node = EdgeNode.start(config, EdgeNode.standaloneHosts(config), Clock.systemUTC(), null, null);
        return this;
    }

    int tlsPort() {
        return node.tlsAddress().getPort();
    }

    InetSocketAddress tlsAddress() {
        return new InetSocketAddress("127.0.0.1", tlsPort());
    }

    URI https(String path) {
        return URI.create("https://127.0.0.1:" + tlsPort() + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + node.httpAddress().getPort() + path);
    }

    HttpClient client(HttpClient.Version v) {
        return HttpClient.newBuilder().version(v).sslContext(clientTls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpResponse<byte[]> send(HttpClient c, HttpRequest.Builder b) throws Exception {
        return c.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A JDK client context trusting only the fixture's CA. */
    static SSLContext clientContext(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (var c : PemFiles.readChain(caPem)) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        origin.close();
    }
}
