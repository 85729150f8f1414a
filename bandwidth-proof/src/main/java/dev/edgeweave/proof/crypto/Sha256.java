package dev.edgeweave.proof.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 from the JDK (every Java 17 runtime has it; the JIT uses the CPU's SHA instructions). */
public final class Sha256 {

    /** Digest size in bytes. */
    public static final int LENGTH = 32;

    private Sha256() {}

    /** A new SHA-256 {@link MessageDigest}; callers keep one per thread or per task. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** SHA-256 of {@code data}. */
    public static byte[] hash(byte[] data) {
        return newDigest().digest(data);
    }
}
