package dev.edgeweave.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CLI mistakes get a message naming the flag and the fix, and exit code 2. */
class CliTest {

    @TempDir
    Path dir;

    private String run(int expectedExit, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(args)).isEqualTo(expectedExit);
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void edge_without_origin_or_tracker_names_both_flags() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString());
        assertThat(err).contains("--origin").contains("--tracker");
    }

    @Test
    void edge_in_tracker_mode_without_a_key_says_how_to_make_one() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString(),
                "--tracker", "http://127.0.0.1:1");
        assertThat(err).contains("--key").contains("edgeweave keygen");
    }

    @Test
    void a_bad_listen_address_names_the_flag_and_the_expected_form() {
        String err = run(2, "edge", "--listen", "localhost", "--cache-dir", dir.toString(),
                "--origin", "http://127.0.0.1:1");
        assertThat(err).contains("--listen").contains("HOST:PORT");
    }

    @Test
    void a_bad_size_names_the_flag_and_the_units() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString(),
                "--origin", "http://127.0.0.1:1", "--mem-cache", "lots");
        assertThat(err).contains("--mem-cache").contains("512m");
    }

    @Test
    void a_tls_certificate_without_a_tls_listener_names_the_missing_flag() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString(),
                "--origin", "http://127.0.0.1:1", "--tls-cert", "c.pem", "--tls-key", "k.pem");
        assertThat(err).contains("--tls-listen");
    }

    @Test
    void an_unknown_tls_provider_lists_the_choices() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString(),
                "--origin", "http://127.0.0.1:1", "--tls-listen", "127.0.0.1:0", "--tls-cert", "c.pem",
                "--tls-key", "k.pem", "--tls-provider", "rot13");
        assertThat(err).contains("openssl").contains("conscrypt").contains("jdk");
    }

    @Test
    void an_unknown_flag_is_reported_by_name() {
        String err = run(2, "edge", "--listen", "127.0.0.1:0", "--cache-dir", dir.toString(), "--colour", "red");
        assertThat(err).contains("--colour");
    }

    @Test
    void keygen_writes_a_key_file_and_refuses_to_overwrite_it() throws Exception {
        Path key = dir.resolve("node.key");
        run(0, "keygen", "--out", key.toString());
        assertThat(Files.readString(key)).contains("ed25519:");
        String err = run(2, "keygen", "--out", key.toString());
        assertThat(err).contains("--out").contains("--force");
    }

    @Test
    void publisher_token_prints_a_token_that_decodes_and_verifies() throws Exception {
        Path key = dir.resolve("pub.key");
        run(0, "keygen", "--out", key.toString());
        String viewer = dev.edgeweave.proof.crypto.Ed25519KeyPair.generate(new java.security.SecureRandom())
                .publicKey().hex();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run("publisher", "token", "--key", key.toString(), "--viewer", viewer, "--cap", "1g"))
                    .isZero();
        } finally {
            System.setOut(old);
        }
        var token = dev.edgeweave.proof.wire.SignedToken.fromHeaderValue(out.toString(StandardCharsets.UTF_8).trim());
        token.verify();
        assertThat(token.token().byteCap()).isEqualTo(1L << 30);
    }

    @Test
    void publisher_token_with_a_bad_viewer_key_names_the_flag() throws Exception {
        Path key = dir.resolve("pub2.key");
        run(0, "keygen", "--out", key.toString());
        assertThat(run(2, "publisher", "token", "--key", key.toString(), "--viewer", "xyz")).contains("--viewer");
    }

    @ParameterizedTest
    @CsvSource({"512m,536870912", "10g,10737418240", "64k,65536", "1048576,1048576", "2G,2147483648", "1mb,1048576"})
    void sizes_parse_with_binary_units(String text, long bytes) {
        assertThat(Sizes.parse("--x", text)).isEqualTo(bytes);
    }

    @Test
    void a_negative_size_is_refused() {
        assertThatThrownBy(() -> Sizes.parse("--disk-cache", "-5g")).hasMessageContaining("--disk-cache");
    }

    @Test
    void options_come_from_a_config_file_and_flags_override_it() throws Exception {
        Path cfg = dir.resolve("edge.properties");
        Files.writeString(cfg, "listen = localhost\n");
        String err = run(2, "edge", "--config", cfg.toString(), "--cache-dir", dir.toString(),
                "--origin", "http://127.0.0.1:1");
        assertThat(err).contains("--listen").contains("localhost");
    }
}
