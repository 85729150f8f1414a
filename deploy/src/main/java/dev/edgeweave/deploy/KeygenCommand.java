package dev.edgeweave.deploy;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave keygen --out FILE}: an Ed25519 key for a node or a publisher. */
@Command(name = "keygen", mixinStandardHelpOptions = true, description = "Create an Ed25519 key file (mode 0600).")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the key")
    Path out;

    @Option(names = "--force", description = "overwrite an existing file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !force) {
            throw new Main.UsageError("--out: " + out + " already exists (expected: a new file, or add --force)");
        }
        Ed25519KeyPair kp = Ed25519KeyPair.generate(new SecureRandom());
        KeyFiles.write(out, kp);
        System.out.println("wrote " + out + "  public key " + kp.publicKey().hex());
        return 0;
    }
}
