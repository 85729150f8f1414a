package dev.edgeweave.cache;

/**
 * A snapshot of a {@link ContentStore}'s counters (the edge exports them as metrics).
 *
 * @param objects        objects in the index (complete, sparse or filling)
 * @param memoryBytes    bytes held by the memory tier
 * @param diskBytes      bytes used on disk (slice, metadata and journal files, plus space reserved by
 *                       fills in progress and files kept briefly for readers of replaced objects)
 * @param memoryHits     {@code get} hits served by the memory tier
 * @param diskHits       {@code get} hits on objects not in memory (disk or filling)
 * @param misses         {@code get} misses
 * @param evictions      objects evicted from the disk tier to respect its capacity
 * @param corruptDropped objects dropped because a checksum, size or metadata check failed
 */
public record Stats(long objects, long memoryBytes, long diskBytes, long memoryHits, long diskHits,
                    long misses, long evictions, long corruptDropped) {
}
