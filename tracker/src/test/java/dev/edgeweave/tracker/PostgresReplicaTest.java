package dev.edgeweave.tracker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeweave.tracker.store.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Two replicas on one real PostgreSQL database ({@code --db jdbc:postgresql://…}). Skipped, with the
 * reason, when PostgreSQL is not installed; CI installs it ({@code apt-get install -y postgresql}).
 */
class PostgresReplicaTest extends ReplicaTest {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(PostgresServer.unavailable().isEmpty(), () -> PostgresServer.unavailable().orElse(""));
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    TrackerConfig sharedConfig() throws Exception {
        return TrackerFixture.config(dir).withJdbcUrl(server.newDatabase());
    }
}
