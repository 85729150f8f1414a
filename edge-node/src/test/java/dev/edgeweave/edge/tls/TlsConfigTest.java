package dev.edgeweave.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.edge.EdgeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TLS part of the node config and the provider names: every bad value is refused with a reason. */
class TlsConfigTest {

    private static final InetSocketAddress LISTEN = new InetSocketAddress("127.0.0.1", 0);
    private static final Path CERT = Path.of("/etc/edge/cert.pem");
    private static final Path KEY = Path.of("/etc/edge/key.pem");

    @ParameterizedTest
    @CsvSource({"openssl, OPENSSL", "OpenSSL, OPENSSL", "conscrypt, CONSCRYPT", "jdk, JDK", "' jdk ', JDK"})
    void provider_names_parse_in_any_case(String text, TlsProvider expected) {
        assertThat(TlsProvider.parse(text)).isEqualTo(expected);
        assertThat(TlsProvider.parse(expected.cliName())).isEqualTo(expected);
    }

    @Test
    void an_unknown_provider_name_is_refused_with_the_choices() {
        assertThatThrownBy(() -> TlsProvider.parse("boringssl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlsProvider: 'boringssl' (expected: openssl, conscrypt or jdk)");
    }

    @Test
    void a_cert_without_its_key_and_the_reverse_are_refused() {
        assertThatThrownBy(() -> new EdgeConfig.Tls(LISTEN, CERT, null, null, TlsProvider.OPENSSL, Duration.ofSeconds(5)))
                .hasMessageContaining("tls.key: missing while tls.cert is " + CERT);
        assertThatThrownBy(() -> new EdgeConfig.Tls(LISTEN, null, KEY, null, TlsProvider.OPENSSL, Duration.ofSeconds(5)))
                .hasMessageContaining("tls.cert: missing while tls.key is " + KEY);
    }

    @Test
    void a_listener_without_any_certificate_is_refused() {
        assertThatThrownBy(() -> new EdgeConfig.Tls(LISTEN, null, null, null, TlsProvider.JDK, Duration.ofSeconds(5)))
                .hasMessage("tls: no certificate (expected: --cert PEM --key PEM, or --cert-dir DIR, or both)");
    }

    @Test
    void a_reload_interval_must_be_positive() {
        assertThatThrownBy(() -> EdgeConfig.Tls.of(LISTEN, CERT, KEY).withReloadInterval(Duration.ZERO))
                .hasMessage("tls.reloadInterval: PT0S (expected: a positive duration)");
    }

    @Test
    void the_tls_listener_survives_every_with_method_of_the_node_config() {
        EdgeConfig.Tls tls = EdgeConfig.Tls.of(LISTEN, CERT, KEY).withCertDir(Path.of("/etc/edge/certs"))
                .withProvider(TlsProvider.CONSCRYPT);
        EdgeConfig c = EdgeConfig.standalone(LISTEN, Path.of("/tmp/cache"), URI.create("http://origin.test"))
                .withTls(tls)
                .withAdmin(LISTEN)
                .withCache(1 << 20, 1 << 30, 1 << 20)
                .withNodeName("n1")
                .withIoThreads(1)
                .withTimeouts(EdgeConfig.Timeouts.DEFAULTS)
                .withOrigin(URI.create("http://other.test"));
        assertThat(c.tls()).isEqualTo(tls);
        assertThat(c.tls().provider()).isEqualTo(TlsProvider.CONSCRYPT);
        assertThat(c.withTls(null).tls()).isNull();
        assertThat(EdgeConfig.standalone(LISTEN, Path.of("/tmp/cache"), URI.create("http://origin.test")).tls()).isNull();
    }
}
