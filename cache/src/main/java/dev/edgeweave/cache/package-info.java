/**
 * The edge's content store ({@link dev.edgeweave.cache.ContentStore}): a memory tier of small hot bodies over
 * a disk tier of slice files that survives restarts. The RFC 9111 policy lives in
 * {@code dev.edgeweave.cache.policy}; this package knows nothing of HTTP semantics or sockets.
 *
 * <h2>On disk</h2>
 * Under the cache directory, files are named by the SHA-256 (hex) of the key and fanned out over 256
 * directories by its first byte (see {@code ObjectFiles}): per version one metadata file (key, version, head,
 * length, slice size, per-slice length and CRC32C, itself closed by a CRC32C; see {@code MetaCodec}), one file
 * per slice holding raw body bytes only (so a {@code FileRegion} sends straight from it), and for sparse
 * objects an append-only journal of stored slices. {@code lock} keeps a second store out.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Never a corrupt byte served: slice checksums are verified on the first read after open (before any
 *       byte of that slice is handed out); a mismatch, short or missing file drops the object and throws
 *       {@link dev.edgeweave.cache.CorruptObjectException}.</li>
 *   <li>Caps: disk bytes (files plus reservations of fills in progress) never exceed the disk capacity; the
 *       memory tier is a Caffeine cache weighed by bytes.</li>
 *   <li>Readers of a filling object read its slice files at their own pace; the store holds no body in heap
 *       and allocates no buffer for a fill.</li>
 *   <li>Restart: every object whose metadata was renamed into place is found again; orphans are deleted.</li>
 * </ul>
 */
package dev.edgeweave.cache;
