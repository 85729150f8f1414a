package dev.edgeweave.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The store over a real SQLite file. */
class SqliteStoreTest extends StoreTest {

    @Override
    String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("t.db");
    }

    @Test
    void runs_sqlite_in_wal_mode_with_full_sync() throws Exception {
        assertThat(store.isSqlite()).isTrue();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }
}
