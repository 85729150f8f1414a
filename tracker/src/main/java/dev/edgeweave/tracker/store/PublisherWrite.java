package dev.edgeweave.tracker.store;

/**
 * Outcome of {@link Store#putPublisher}.
 *
 * @param outcome  what happened
 * @param record   the stored row after the write (for {@code CONFLICT}: the existing row, unchanged)
 * @param version  publishers table version after the write
 */
public record PublisherWrite(Outcome outcome, PublisherRecord record, long version) {

    /** What {@link Store#putPublisher} did. */
    public enum Outcome {
        /** A new name. */
        CREATED,
        /** Same name and key; origin or flags changed. */
        UPDATED,
        /** Same name and key; nothing changed (version unchanged). */
        UNCHANGED,
        /** The name belongs to another key; nothing written. */
        CONFLICT
    }
}
