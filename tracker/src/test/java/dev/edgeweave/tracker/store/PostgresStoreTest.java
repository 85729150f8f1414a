package dev.edgeweave.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store over a real PostgreSQL server (one per class, a fresh database per test). Skipped, with the
 * reason, when PostgreSQL is not installed; CI installs it ({@code apt-get install -y postgresql}).
 */
class PostgresStoreTest extends StoreTest {

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
    String newDatabaseUrl() throws Exception {
        return server.newDatabase();
    }

    @Test
    void is_not_sqlite() {
        assertThat(store.isSqlite()).isFalse();
    }
}
