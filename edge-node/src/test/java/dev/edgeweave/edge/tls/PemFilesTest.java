package dev.edgeweave.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeweave.edge.EdgeConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading certificate/key pairs: the encodings operators have, and errors that name the file. */
class PemFilesTest {

    @TempDir
    Path dir;

    DevCa ca;

    @BeforeEach
    void ca() {
        ca = DevCa.create("test CA", Clock.systemUTC(), Duration.ofDays(1));
    }

    @Test
    void a_pair_from_the_dev_ca_reads_with_its_names_and_chain() throws Exception {
        ca.issue(dir.resolve("c.pem"), dir.resolve("c.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1),
                "b.example", "*.a.example", "127.0.0.11");
        PemFiles.Pair p = PemFiles.read(dir.resolve("c.pem"), dir.resolve("c.key"));
        assertThat(p.names()).containsExactly("*.a.example", "127.0.0.11", "b.example");
        assertThat(p.chain()).hasSize(2);
        assertThat(p.chain().get(1)).isEqualTo(ca.certificate());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void sec1_ec_and_pkcs1_rsa_keys_from_the_openssl_cli_are_read() throws Exception {
        assumeTrue(TlsBehaviourTest.onPath("openssl"), "openssl CLI not installed (apt-get install -y openssl): skipping");
        Path ec = dir.resolve("ec.key");
        TlsBehaviourTest.run(List.of("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", ec.toString()));
        assertThat(Files.readString(ec)).contains("BEGIN EC PRIVATE KEY").contains("BEGIN EC PARAMETERS");
        assertThat(PemFiles.readKey(ec).getAlgorithm()).isEqualTo("EC");
        Path rsa = dir.resolve("rsa.key");
        TlsBehaviourTest.run(List.of("openssl", "genrsa", "-traditional", "-out", rsa.toString(), "2048"));
        assertThat(Files.readString(rsa)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(PemFiles.readKey(rsa).getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void a_key_of_another_certificate_is_refused_naming_both_files() throws Exception {
        ca.issue(dir.resolve("one.pem"), dir.resolve("one.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1), "one.example");
        ca.issue(dir.resolve("two.pem"), dir.resolve("two.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1), "two.example");
        assertThatThrownBy(() -> PemFiles.read(dir.resolve("one.pem"), dir.resolve("two.key")))
                .isInstanceOf(IOException.class)
                .hasMessage("key " + dir.resolve("two.key") + " does not belong to certificate " + dir.resolve("one.pem")
                        + " (CN=one.example)");
    }

    @Test
    void unreadable_files_are_refused_with_what_was_expected() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "hello\n");
        assertThatThrownBy(() -> PemFiles.readChain(junk)).hasMessageStartingWith("certificate " + junk + ": ");
        assertThatThrownBy(() -> PemFiles.readKey(junk)).hasMessage("key " + junk
                + ": no PEM private key found (expected: -----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }

    @Test
    void a_listener_whose_default_certificate_is_missing_fails_to_start_naming_the_file() throws Exception {
        ca.issue(dir.resolve("c.pem"), dir.resolve("c.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1), "c.example");
        Path missing = dir.resolve("nope.pem");
        EdgeConfig.Tls tls = EdgeConfig.Tls.of(new InetSocketAddress("127.0.0.1", 0), missing, dir.resolve("c.key"))
                .withProvider(TlsProvider.JDK);
        assertThatThrownBy(() -> TlsCertificates.load(tls, Duration.ofSeconds(10), null))
                .isInstanceOf(IOException.class)
                .hasMessage("certificate " + missing + ": no such file (expected: a readable PEM file)");
    }

    @Test
    void a_certificate_directory_pairs_crt_pem_mkcert_and_certbot_layouts_and_ignores_lone_files() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        ca.issue(certs.resolve("one.crt"), certs.resolve("one.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1), "one.example");
        ca.issue(certs.resolve("two.pem"), certs.resolve("two-key.pem"), DevCa.KeyType.EC_P256, Duration.ofDays(1), "two.example");
        Path le = Files.createDirectories(certs.resolve("three"));
        ca.issue(le.resolve("fullchain.pem"), le.resolve("privkey.pem"), DevCa.KeyType.RSA_2048, Duration.ofDays(1),
                "three.example");
        ca.issue(certs.resolve("lonely.crt"), dir.resolve("elsewhere.key"), DevCa.KeyType.EC_P256, Duration.ofDays(1),
                "lonely.example");
        EdgeConfig.Tls tls = new EdgeConfig.Tls(new InetSocketAddress("127.0.0.1", 0), null, null, certs, TlsProvider.JDK,
                Duration.ofSeconds(5));
        try (TlsCertificates t = TlsCertificates.load(tls, Duration.ofSeconds(10), null)) {
            assertThat(t.names()).containsExactly("one.example", "three.example", "two.example");
            assertThat(t.hasDefault()).isFalse();
        }
    }
}
