package dev.edgeweave.tracker.store;

import java.util.List;

/**
 * All publishers with the table's version, which grows by one on every change.
 *
 * @param version    {@code publishers_version} from {@code registry_meta}
 * @param publishers sorted by name
 */
public record PublisherTable(long version, List<PublisherRecord> publishers) {

    public PublisherTable {
        publishers = List.copyOf(publishers);
    }
}
