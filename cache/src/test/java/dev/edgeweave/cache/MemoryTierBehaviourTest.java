package dev.edgeweave.cache;

/** The behaviour suite with small objects in memory as well as on disk. */
class MemoryTierBehaviourTest extends StoreBehaviourTest {
    @Override
    long memoryObjectMax() {
        return 1 << 20;
    }

    @Override
    boolean servesFromMemory() {
        return true;
    }
}
