package dev.edgeweave.cache;

/** The behaviour suite with nothing in memory: every read is a file region. */
class DiskTierBehaviourTest extends StoreBehaviourTest {
    @Override
    long memoryObjectMax() {
        return 0;
    }

    @Override
    boolean servesFromMemory() {
        return false;
    }
}
