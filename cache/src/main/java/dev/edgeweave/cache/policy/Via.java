package dev.edgeweave.cache.policy;

import java.util.Objects;

/** The {@code Via} field value this node adds (RFC 9110 §7.6.3). */
public final class Via {

    private Via() {
    }

    /**
     * Our Via member, e.g. {@code value("HTTP/1.1", "edgeweave")} = {@code "1.1 edgeweave"}. The protocol
     * name is dropped when it is HTTP, as RFC 9110 §7.6.3 allows; {@code "HTTP/2.0"} and {@code "2"} give "2".
     *
     * @param protocolVersion the version the message was received with: "HTTP/1.1", "1.1", "HTTP/2.0", "2"
     * @param nodeName a pseudonym token naming this node (no spaces, commas or quotes)
     * @throws IllegalArgumentException when either is empty or not a token
     */
    public static String value(String protocolVersion, String nodeName) {
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(nodeName, "nodeName");
        String v = protocolVersion.trim();
        if (v.regionMatches(true, 0, "HTTP/", 0, 5)) {
            v = v.substring(5);
        }
        if (v.equals("2.0") || v.equals("3.0")) {
            v = v.substring(0, 1);
        }
        if (!Tokens.isToken(v)) {
            throw new IllegalArgumentException("protocolVersion: \"" + protocolVersion
                    + "\" (expected: HTTP/1.1, 1.1, HTTP/2.0, 2 or another token)");
        }
        if (!Tokens.isToken(nodeName)) {
            throw new IllegalArgumentException("nodeName: \"" + nodeName
                    + "\" (expected: a non-empty token, no spaces, commas or quotes)");
        }
        return v + " " + nodeName;
    }

    /** {@code ours} appended to a received Via value ({@code null} or blank when there was none). */
    public static String append(String received, String ours) {
        Objects.requireNonNull(ours, "ours");
        return received == null || received.isBlank() ? ours : received.trim() + ", " + ours;
    }
}
