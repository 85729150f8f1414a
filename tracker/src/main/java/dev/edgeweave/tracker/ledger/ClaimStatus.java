package dev.edgeweave.tracker.ledger;

import java.util.Locale;

/** Where a recorded claim stands. Stored and shown in JSON as {@link #wire()}. */
public enum ClaimStatus {
    /** Recorded; the node has not (yet) answered its audit challenge. */
    AUDIT_PENDING,
    /** The audit passed: the claim is paid at settlement (its verified bytes, after caps). */
    ACCEPTED,
    /** The audit failed or was not answered in time: the claim earns nothing. */
    VOIDED;

    /** Lowercase name, e.g. {@code audit_pending}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status stored as {@code wire}. */
    public static ClaimStatus fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
