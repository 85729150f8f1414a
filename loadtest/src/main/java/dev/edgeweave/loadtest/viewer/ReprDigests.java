package dev.edgeweave.loadtest.viewer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * Parses an RFC 9530 {@code Repr-Digest} value into the digest to check: sha-512 if present, else
 * sha-256; other algorithms and malformed members are ignored. The same rules as the viewer SDK's
 * (package-private) {@code ReprDigest}: the load generator streams bodies through Netty instead of
 * the SDK's {@code HttpClient}, which cannot bind a source address per viewer.
 */
final class ReprDigests {

    /** An expected digest and a fresh hasher for it. */
    record Expected(byte[] digest, MessageDigest hasher) {}

    private ReprDigests() {}

    /** The strongest usable member of {@code value}, or {@code null}. */
    static Expected parse(String value) {
        if (value == null) {
            return null;
        }
        byte[] sha256 = null;
        byte[] sha512 = null;
        for (String member : value.split(",")) {
            String m = member.strip();
            int eq = m.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = m.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String v = m.substring(eq + 1).strip();
            int semi = v.indexOf(';');
            if (semi >= 0) {
                v = v.substring(0, semi).strip();
            }
            if (v.length() < 2 || v.charAt(0) != ':' || v.charAt(v.length() - 1) != ':') {
                continue;
            }
            byte[] d;
            try {
                d = Base64.getDecoder().decode(v.substring(1, v.length() - 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (key.equals("sha-512") && d.length == 64) {
                sha512 = d;
            } else if (key.equals("sha-256") && d.length == 32) {
                sha256 = d;
            }
        }
        if (sha512 != null) {
            return new Expected(sha512, hasher("SHA-512"));
        }
        return sha256 == null ? null : new Expected(sha256, hasher("SHA-256"));
    }

    private static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java runtime", e);
        }
    }
}
