package dev.edgeweave.proof.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void round_trips_a_key_with_owner_only_mode() throws IOException {
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        Path file = dir.resolve("sub/node.key");
        KeyFiles.write(file, kp);
        Ed25519KeyPair back = KeyFiles.read(file);
        assertThat(back.publicKey()).isEqualTo(kp.publicKey());
        assertThat(back.sign(new byte[] {1, 2})).isEqualTo(kp.sign(new byte[] {1, 2}));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains(kp.publicKey().hex()).contains("ed25519:");
        assertThat(dir.resolve("sub").toFile().list()).containsExactly("node.key");
    }

    @Test
    void refuses_to_overwrite_an_existing_key_file() throws IOException {
        Path file = dir.resolve("k");
        KeyFiles.write(file, Ed25519KeyPair.fromSeed(new byte[32]));
        assertThatThrownBy(() -> KeyFiles.write(file, Ed25519KeyPair.fromSeed(new byte[32])))
                .isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void reads_the_documented_format() throws IOException {
        Path file = dir.resolve("k");
        Files.writeString(file, "# comment\n\ned25519:nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n");
        assertThat(KeyFiles.read(file).publicKey().hex())
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    }

    @Test
    void refuses_malformed_key_files_with_a_reason() throws IOException {
        Path file = dir.resolve("k");
        Files.writeString(file, "# nothing\n");
        assertThatThrownBy(() -> KeyFiles.read(file)).hasMessageContaining("0 key lines");
        Files.writeString(file, "rsa:AAAA\n");
        assertThatThrownBy(() -> KeyFiles.read(file)).hasMessageContaining("does not start with 'ed25519:'");
        Files.writeString(file, "ed25519:!!!\n");
        assertThatThrownBy(() -> KeyFiles.read(file)).hasMessageContaining("not valid base64");
        Files.writeString(file, "ed25519:AAAA\n");
        assertThatThrownBy(() -> KeyFiles.read(file)).hasMessageContaining("seed is 3 bytes (expected: 32)");
        Files.writeString(file, "ed25519:AAAA\ned25519:AAAA\n");
        assertThatThrownBy(() -> KeyFiles.read(file)).hasMessageContaining("2 key lines");
    }
}
