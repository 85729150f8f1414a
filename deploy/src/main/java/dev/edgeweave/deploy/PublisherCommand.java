package dev.edgeweave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.edgeweave.edge.tracker.TrackerClient;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.publisher.TokenIssuer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import dev.edgeweave.proof.crypto.KeyFiles;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave publisher …}: publisher tasks against a tracker. */
@Command(name = "publisher", mixinStandardHelpOptions = true, description = "Publisher tasks.",
        subcommands = {PublisherCommand.Add.class, PublisherCommand.Token.class})
final class PublisherCommand {

    /** {@code edgeweave publisher add}: registers NAME.ZONE with an origin, signed by the publisher key. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Register a hostname NAME.ZONE whose misses go to ORIGIN.")
    static final class Add implements Callable<Integer> {
        @Option(names = "--tracker", required = true, paramLabel = "URL", description = "tracker API")
        URI tracker;

        @Option(names = "--name", required = true, description = "one DNS label: a-z 0-9 -")
        String name;

        @Option(names = "--origin", required = true, paramLabel = "URL", description = "origin base URL")
        URI origin;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "publisher key (edgeweave keygen)")
        Path key;

        @Option(names = "--allow-unsafe-methods", description = "pass POST/PUT/DELETE through to the origin")
        boolean unsafe;

        @Override
        public Integer call() throws Exception {
            Ed25519KeyPair kp = KeyFiles.read(key);
            JsonNode r = register(new TrackerClient(tracker), kp, name, origin, unsafe);
            System.out.println("registered " + r.path("host").asText() + " -> " + origin
                    + "  (publisher key " + kp.publicKey().hex() + ")");
            return 0;
        }
    }

    /**
     * {@code edgeweave publisher token}: a viewer token signed by the publisher key, printed as the
     * {@code EdgeWeave-Token} header value. Backends normally call {@code TokenIssuer} directly.
     */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Issue a viewer token (the EdgeWeave-Token header value) for a viewer public key.")
    static final class Token implements Callable<Integer> {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "publisher key")
        Path key;

        @Option(names = "--viewer", required = true, paramLabel = "HEX", description = "the viewer's public key, 64 hex digits")
        String viewer;

        @Option(names = "--valid", defaultValue = "3600", paramLabel = "SECONDS", description = "lifetime (default ${DEFAULT-VALUE})")
        long valid;

        @Option(names = "--cap", defaultValue = "10g", paramLabel = "SIZE", description = "byte cap across all nodes (default ${DEFAULT-VALUE})")
        String cap;

        @Override
        public Integer call() throws Exception {
            Ed25519PublicKey viewerKey;
            try {
                viewerKey = Ed25519PublicKey.fromHex(viewer);
            } catch (RuntimeException e) {
                throw new Main.UsageError("--viewer: '" + viewer + "' is not a public key (expected: 64 hex digits): "
                        + e.getMessage());
            }
            if (valid < 1 || valid > 7 * 86_400) {
                throw new Main.UsageError("--valid: " + valid + " (expected: 1 to 604800 seconds)");
            }
            TokenIssuer issuer = new TokenIssuer(KeyFiles.read(key), Clock.systemUTC(), new SecureRandom());
            System.out.println(issuer.issue(viewerKey, Duration.ofSeconds(valid), Sizes.parse("--cap", cap))
                    .toHeaderValue());
            return 0;
        }
    }

    static JsonNode register(TrackerClient client, Ed25519KeyPair kp, String name, URI origin, boolean unsafe)
            throws Exception {
        ObjectNode body = client.object();
        body.put("name", name);
        body.put("origin", origin.toString());
        body.put("publicKey", kp.publicKey().hex());
        body.put("allowUnsafeMethods", unsafe);
        body.put("nonce", client.nonce());
        try {
            return client.signed("POST", "/v1/publishers", body, kp);
        } catch (TrackerClient.TrackerError e) {
            throw new Main.UsageError("publisher add refused: " + e.getMessage());
        }
    }
}
