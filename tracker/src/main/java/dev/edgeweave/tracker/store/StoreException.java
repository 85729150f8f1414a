package dev.edgeweave.tracker.store;

/** A database operation failed; the message names the operation and the JDBC cause. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
