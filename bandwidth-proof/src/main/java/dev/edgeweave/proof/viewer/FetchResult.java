package dev.edgeweave.proof.viewer;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One fetch through the CDN.
 *
 * @param uri what was fetched
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body, or {@code null} when fetched with {@link ViewerSession#fetchDiscarding}
 * @param bodyLength bytes received
 * @param node the serving node ({@code EdgeWeave-Node}), if the response named a valid one
 * @param epoch the node's epoch ({@code EdgeWeave-Epoch}), if present and valid
 * @param digest what the integrity check found
 * @param countedBytes bytes credited to the node for this fetch (0 if not counted)
 */
public record FetchResult(URI uri, int status, HttpHeaders headers, byte[] body, long bodyLength,
                          Optional<Ed25519PublicKey> node, OptionalLong epoch, DigestCheck digest,
                          long countedBytes) {
}
