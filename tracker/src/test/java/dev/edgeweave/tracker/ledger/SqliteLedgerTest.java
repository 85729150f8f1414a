package dev.edgeweave.tracker.ledger;

/** The ledger over a real SQLite file. */
class SqliteLedgerTest extends LedgerTest {

    @Override
    String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("ledger.db");
    }
}
