package dev.edgeweave.tracker.store;

/**
 * A publisher as stored in the {@code publishers} table.
 *
 * @param name               DNS label; the publisher's hostname is {@code name.ZONE}
 * @param publicKey          lowercase hex of the publisher's Ed25519 key (its id)
 * @param origin             origin base URL the edge nodes fetch from
 * @param allowUnsafeMethods whether edges pass POST/PUT/DELETE… through to the origin
 * @param createdAt          tracker clock (unix millis)
 * @param updatedAt          tracker clock (unix millis)
 */
public record PublisherRecord(String name, String publicKey, String origin, boolean allowUnsafeMethods,
                              long createdAt, long updatedAt) {
}
