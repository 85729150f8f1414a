package dev.edgeweave.cache;

import java.io.IOException;

/**
 * A stored object failed its integrity check (checksum mismatch, short or missing slice file). The store
 * has already dropped the object when this is thrown; no byte of it was served from the bad slice.
 */
public final class CorruptObjectException extends IOException {
    private static final long serialVersionUID = 1L;

    public CorruptObjectException(String message) {
        super(message);
    }
}
