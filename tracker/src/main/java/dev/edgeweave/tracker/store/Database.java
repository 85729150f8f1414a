package dev.edgeweave.tracker.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDBC plumbing under {@link Store}: one connection (reopened after it breaks), transactions, and
 * schema migrations. SQLite connections run with {@code journal_mode=WAL}, {@code synchronous=FULL}
 * and a busy timeout (several processes may share the file). Thread-safe: one transaction at a time.
 */
final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String jdbcUrl;
    private final boolean sqlite;
    private Connection conn;

    Database(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.sqlite = jdbcUrl.startsWith("jdbc:sqlite:");
    }

    boolean isSqlite() {
        return sqlite;
    }

    String redactedUrl() {
        return Store.redact(jdbcUrl);
    }

    /** Runs {@code work} in one transaction; rolls back and throws {@link StoreException} naming {@code what}. */
    synchronized <T> T tx(String what, Work<T> work) {
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            throw new StoreException(what + ": cannot open " + redactedUrl() + ": " + e.getMessage(), e);
        }
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException re) {
                e.addSuppressed(re);
            }
            dropIfBroken(c);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(what + ": " + e.getMessage(), e);
        }
    }

    /** Brings the schema to {@link Schema#CURRENT}; retried when another replica migrates at the same time. */
    void migrate() {
        for (int attempt = 1; ; attempt++) {
            try {
                migrateOnce();
                return;
            } catch (StoreException e) {
                if (attempt >= 3 || e.getMessage().contains("newer than")) {
                    throw e;
                }
                log.info("schema migration attempt {} failed ({}); retrying", attempt, e.getMessage());
            }
        }
    }

    private void migrateOnce() {
        int from = tx("create schema_version", c -> {
            try (Statement st = c.createStatement()) {
                st.execute(Schema.VERSION_TABLE);
                st.execute("INSERT INTO schema_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            }
            return readVersion(c);
        });
        if (from > Schema.CURRENT) {
            throw new StoreException("database " + redactedUrl() + ": schema version " + from
                    + " is newer than this tracker understands (" + Schema.CURRENT + ")");
        }
        for (int v = from; v < Schema.CURRENT; v++) {
            int version = v;
            tx("migrate schema " + v + " -> " + (v + 1), c -> {
                try (Statement st = c.createStatement()) {
                    for (String sql : Schema.MIGRATIONS.get(version)) {
                        st.execute(sql);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE schema_version SET version = ? WHERE id = 1 AND version = ?")) {
                    ps.setInt(1, version + 1);
                    ps.setInt(2, version);
                    if (ps.executeUpdate() != 1) {
                        throw new SQLException("schema version changed concurrently");
                    }
                }
                return null;
            });
            log.info("database {}: schema migrated to version {}", redactedUrl(), version + 1);
        }
    }

    static int readVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private Connection connection() throws SQLException {
        if (conn == null) {
            Connection c = DriverManager.getConnection(jdbcUrl);
            try {
                if (sqlite) {
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA busy_timeout = 10000");
                        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                            String mode = rs.next() ? rs.getString(1) : "?";
                            if (!"wal".equals(mode.toLowerCase(Locale.ROOT))) {
                                log.warn("database {}: journal_mode is {} (WAL requested)", redactedUrl(), mode);
                            }
                        }
                        st.execute("PRAGMA synchronous = FULL");
                    }
                }
                c.setAutoCommit(false);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            conn = c;
            log.info("database {} open", redactedUrl());
        }
        return conn;
    }

    private void dropIfBroken(Connection c) {
        boolean valid;
        try {
            valid = c.isValid(2);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            log.warn("database {}: connection lost; reopening on next use", redactedUrl());
            close();
        }
    }

    @Override
    public synchronized void close() {
        if (conn != null) {
            try {
                conn.close();
            } catch (SQLException e) {
                log.warn("closing database {}: {}", redactedUrl(), e.toString());
            }
            conn = null;
        }
    }
}
