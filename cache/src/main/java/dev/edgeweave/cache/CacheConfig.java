package dev.edgeweave.cache;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of a {@link ContentStore}.
 *
 * @param dir             directory holding the disk tier (created when missing)
 * @param memoryCapacity  bytes the memory tier may hold ({@code 0} disables it)
 * @param diskCapacity    bytes the disk tier may hold, counting slice files, metadata files and the
 *                        space reserved by fills in progress
 * @param sliceSize       bytes per slice file; large objects are stored as many slices
 * @param memoryObjectMax largest object (bytes) copied into the memory tier ({@code 0}: none)
 */
public record CacheConfig(Path dir, long memoryCapacity, long diskCapacity, int sliceSize, long memoryObjectMax) {

    /** Smallest accepted slice size. */
    public static final int MIN_SLICE_SIZE = 1024;
    /** Largest accepted slice size (1 GiB). */
    public static final int MAX_SLICE_SIZE = 1 << 30;
    /** Largest object the memory tier can hold in one buffer. */
    public static final long MAX_MEMORY_OBJECT = Integer.MAX_VALUE - 8;

    public CacheConfig {
        Objects.requireNonNull(dir, "dir");
        if (memoryCapacity < 0) {
            throw new IllegalArgumentException("memoryCapacity: " + memoryCapacity + " (expected: >= 0)");
        }
        if (diskCapacity <= 0) {
            throw new IllegalArgumentException("diskCapacity: " + diskCapacity + " (expected: > 0)");
        }
        if (sliceSize < MIN_SLICE_SIZE || sliceSize > MAX_SLICE_SIZE) {
            throw new IllegalArgumentException("sliceSize: " + sliceSize
                    + " (expected: " + MIN_SLICE_SIZE + ".." + MAX_SLICE_SIZE + ")");
        }
        if (memoryObjectMax < 0 || memoryObjectMax > MAX_MEMORY_OBJECT) {
            throw new IllegalArgumentException("memoryObjectMax: " + memoryObjectMax
                    + " (expected: 0.." + MAX_MEMORY_OBJECT + ")");
        }
    }

    /** Defaults: memory 256 MiB, disk 10 GiB, slices of 1 MiB, objects up to 1 MiB kept in memory. */
    public static CacheConfig defaults(Path dir) {
        return new CacheConfig(dir, 256L << 20, 10L << 30, 1 << 20, 1L << 20);
    }

    /** A copy with another memory capacity. */
    public CacheConfig withMemoryCapacity(long bytes) {
        return new CacheConfig(dir, bytes, diskCapacity, sliceSize, memoryObjectMax);
    }

    /** A copy with another disk capacity. */
    public CacheConfig withDiskCapacity(long bytes) {
        return new CacheConfig(dir, memoryCapacity, bytes, sliceSize, memoryObjectMax);
    }

    /** A copy with another slice size. */
    public CacheConfig withSliceSize(int bytes) {
        return new CacheConfig(dir, memoryCapacity, diskCapacity, bytes, memoryObjectMax);
    }

    /** A copy with another largest in-memory object size. */
    public CacheConfig withMemoryObjectMax(long bytes) {
        return new CacheConfig(dir, memoryCapacity, diskCapacity, sliceSize, bytes);
    }
}
