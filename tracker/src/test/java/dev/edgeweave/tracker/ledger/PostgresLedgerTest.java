package dev.edgeweave.tracker.ledger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgeweave.tracker.store.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ledger over a real PostgreSQL server (a fresh database per test). Skipped, with the reason, when
 * PostgreSQL is not installed; CI installs it ({@code apt-get install -y postgresql}).
 */
class PostgresLedgerTest extends LedgerTest {

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
}
