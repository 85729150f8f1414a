package dev.edgeweave.tracker;

/** Two replicas on one SQLite file (WAL lets both processes' connections share it). */
class SqliteReplicaTest extends ReplicaTest {

    @Override
    TrackerConfig sharedConfig() throws Exception {
        return TrackerFixture.config(dir);
    }
}
