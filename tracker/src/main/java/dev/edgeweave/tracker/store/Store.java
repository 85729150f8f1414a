package dev.edgeweave.tracker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tracker's durable state over JDBC: nodes, publishers, registration nonces.
 *
 * <p>SQLite (embedded, one file, WAL journal, {@code synchronous=FULL}: an acknowledged write
 * survives a power cut) or PostgreSQL (shared by tracker replicas). Every write runs in a
 * transaction. One connection, used by one thread at a time ({@link Database}): SQLite
 * has one writer anyway, and the tracker's write rate (registrations, drains, batched heartbeats)
 * is small. Callers must not call this from a Netty event loop.
 *
 * <p>A lost connection is reopened on the next call; the failed call throws
 * {@link StoreException}.
 */
public final class Store implements AutoCloseable {

    private static final String NODE_COLUMNS = "id, url, admin_url, region, max_mbps, draining, registered_at,"
            + " updated_at, last_signed_ts, hb_ts, hb_received_at, hb_load, hb_spare_mbps, hb_max_mbps,"
            + " hb_cache_bytes, hb_connections, hb_version";

    private final Database db;

    private Store(Database db) {
        this.db = db;
    }

    /**
     * Opens the database and brings its schema to {@link Schema#CURRENT}.
     *
     * @param jdbcUrl {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://…}
     * @throws StoreException if the database cannot be opened, or its schema is newer than this code
     */
    public static Store open(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new StoreException("jdbcUrl: '" + redact(jdbcUrl)
                    + "' (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
        }
        Database db = new Database(jdbcUrl);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new Store(db);
    }

    /** The JDBC URL with any password removed, for logs and errors. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    /** The schema version in the database. */
    public int schemaVersion() {
        return db.tx("read schema version", Database::readVersion);
    }

    /** Whether this store is SQLite (embedded) rather than PostgreSQL. */
    public boolean isSqlite() {
        return db.isSqlite();
    }

    // ---------------------------------------------------------------- nodes

    /** All nodes, sorted by id. */
    public List<NodeRecord> nodes() {
        return db.tx("list nodes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                List<NodeRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(node(rs));
                }
                return out;
            }
        });
    }

    /** One node. */
    public Optional<NodeRecord> node(String id) {
        return db.tx("read node " + id, c -> readNode(c, id));
    }

    /**
     * Registers a node or updates its registration (same id): url, admin, region and capacity are
     * replaced and draining is cleared; registration time, replay floor and last heartbeat are kept.
     *
     * @return the stored row
     */
    public NodeRecord putNode(String id, String url, String admin, String region, long maxMbps,
                                           long now) {
        return db.tx("register node " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nodes (id, url, admin_url, region, max_mbps,"
                    + " draining, registered_at, updated_at, last_signed_ts) VALUES (?, ?, ?, ?, ?, 0, ?, ?, 0)"
                    + " ON CONFLICT (id) DO UPDATE SET url = excluded.url, admin_url = excluded.admin_url,"
                    + " region = excluded.region, max_mbps = excluded.max_mbps, draining = 0,"
                    + " updated_at = excluded.updated_at")) {
                ps.setString(1, id);
                ps.setString(2, url);
                ps.setString(3, admin);
                ps.setString(4, region);
                ps.setLong(5, maxMbps);
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
            return readNode(c, id).orElseThrow(() -> new SQLException("node " + id + " vanished after insert"));
        });
    }

    /**
     * Sets or clears draining and raises the node's replay floor to {@code signedTs}.
     *
     * @return false if the node does not exist
     */
    public boolean setDraining(String id, boolean draining, long signedTs, long now) {
        return db.tx("drain node " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET draining = ?, updated_at = ?,"
                    + " last_signed_ts = CASE WHEN last_signed_ts < ? THEN ? ELSE last_signed_ts END WHERE id = ?")) {
                ps.setInt(1, draining ? 1 : 0);
                ps.setLong(2, now);
                ps.setLong(3, signedTs);
                ps.setLong(4, signedTs);
                ps.setString(5, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a node; false if it did not exist. */
    public boolean deleteNode(String id) {
        return db.tx("delete node " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** A heartbeat to persist: node id plus the heartbeat (its {@code ts} is the new replay floor). */
    public record HeartbeatWrite(String nodeId, Heartbeat heartbeat) {}

    /**
     * Writes a batch of heartbeats in one transaction. A heartbeat whose {@code ts} is not above the
     * stored replay floor (another replica stored a newer one) is skipped.
     *
     * @return how many rows were updated
     */
    public int putHeartbeats(Collection<HeartbeatWrite> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        return db.tx("store " + batch.size() + " heartbeats", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET last_signed_ts = ?, hb_ts = ?,"
                    + " hb_received_at = ?, hb_load = ?, hb_spare_mbps = ?, hb_max_mbps = ?, hb_cache_bytes = ?,"
                    + " hb_connections = ?, hb_version = ? WHERE id = ? AND last_signed_ts < ?")) {
                for (HeartbeatWrite w : batch) {
                    Heartbeat hb = w.heartbeat();
                    ps.setLong(1, hb.ts());
                    ps.setLong(2, hb.ts());
                    ps.setLong(3, hb.receivedAt());
                    ps.setDouble(4, hb.load());
                    ps.setLong(5, hb.spareMbps());
                    ps.setLong(6, hb.maxMbps());
                    ps.setLong(7, hb.cacheBytes());
                    ps.setLong(8, hb.connections());
                    ps.setString(9, hb.version());
                    ps.setString(10, w.nodeId());
                    ps.setLong(11, hb.ts());
                    ps.addBatch();
                }
                int updated = 0;
                for (int n : ps.executeBatch()) {
                    updated += Math.max(n, 0);
                }
                return updated;
            }
        });
    }

    // ---------------------------------------------------------------- publishers

    /** All publishers and the table version (read before the rows, so a reader never misses a change). */
    public PublisherTable publishers() {
        return db.tx("list publishers", c -> {
            long version = readPublishersVersion(c);
            List<PublisherRecord> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name, public_key, origin, allow_unsafe_methods,"
                    + " created_at, updated_at FROM publishers ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(publisher(rs));
                }
            }
            return new PublisherTable(version, out);
        });
    }

    /** The publishers table version alone (cheap; replicas poll it). */
    public long publishersVersion() {
        return db.tx("read publishers version", Store::readPublishersVersion);
    }

    /**
     * Creates a publisher, or updates its origin and flags when {@code publicKey} matches the owner.
     * A change bumps the table version in the same transaction.
     */
    public PublisherWrite putPublisher(String name, String publicKey, String origin,
                                                    boolean allowUnsafeMethods, long now) {
        return db.tx("register publisher " + name, c -> {
            Optional<PublisherRecord> existing = readPublisher(c, name);
            PublisherWrite.Outcome outcome;
            if (existing.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO publishers (name, public_key, origin,"
                        + " allow_unsafe_methods, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, publicKey);
                    ps.setString(3, origin);
                    ps.setInt(4, allowUnsafeMethods ? 1 : 0);
                    ps.setLong(5, now);
                    ps.setLong(6, now);
                    ps.executeUpdate();
                }
                outcome = PublisherWrite.Outcome.CREATED;
            } else if (!existing.get().publicKey().equals(publicKey)) {
                return new PublisherWrite(PublisherWrite.Outcome.CONFLICT, existing.get(), readPublishersVersion(c));
            } else if (existing.get().origin().equals(origin)
                    && existing.get().allowUnsafeMethods() == allowUnsafeMethods) {
                return new PublisherWrite(PublisherWrite.Outcome.UNCHANGED, existing.get(), readPublishersVersion(c));
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE publishers SET origin = ?,"
                        + " allow_unsafe_methods = ?, updated_at = ? WHERE name = ?")) {
                    ps.setString(1, origin);
                    ps.setInt(2, allowUnsafeMethods ? 1 : 0);
                    ps.setLong(3, now);
                    ps.setString(4, name);
                    ps.executeUpdate();
                }
                outcome = PublisherWrite.Outcome.UPDATED;
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE registry_meta SET meta_value = meta_value + 1 WHERE name = 'publishers_version'");
            }
            PublisherRecord stored = readPublisher(c, name)
                    .orElseThrow(() -> new SQLException("publisher " + name + " vanished after write"));
            return new PublisherWrite(outcome, stored, readPublishersVersion(c));
        });
    }

    // ---------------------------------------------------------------- nonces

    /** Result of {@link #consumeNonce}. */
    public enum NonceCheck {
        /** Issued, unexpired, and now used up. */
        OK,
        /** Never issued here, or already used. */
        UNKNOWN,
        /** Issued but past its expiry (now removed). */
        EXPIRED
    }

    /**
     * Stores a new nonce unless {@code maxOutstanding} unexpired nonces already exist (expired ones are
     * purged first).
     *
     * @return false if too many nonces are outstanding
     */
    public boolean addNonce(String nonce, long expiresAt, long now, int maxOutstanding) {
        return db.tx("add nonce", c -> {
            if (countNonces(c) >= maxOutstanding) {
                purgeNonces(c, now);
                if (countNonces(c) >= maxOutstanding) {
                    return false;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)")) {
                ps.setString(1, nonce);
                ps.setLong(2, expiresAt);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** Uses up a nonce: exactly one caller, across replicas, gets {@link NonceCheck#OK}. */
    public NonceCheck consumeNonce(String nonce, long now) {
        return db.tx("consume nonce", c -> {
            Long expiresAt = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT expires_at FROM nonces WHERE nonce = ?")) {
                ps.setString(1, nonce);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        expiresAt = rs.getLong(1);
                    }
                }
            }
            if (expiresAt == null) {
                return NonceCheck.UNKNOWN;
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM nonces WHERE nonce = ?")) {
                ps.setString(1, nonce);
                if (ps.executeUpdate() != 1) {
                    return NonceCheck.UNKNOWN; // another replica used it first
                }
            }
            return expiresAt > now ? NonceCheck.OK : NonceCheck.EXPIRED;
        });
    }

    /** Removes expired nonces; returns how many. */
    public int purgeExpiredNonces(long now) {
        return db.tx("purge nonces", c -> purgeNonces(c, now));
    }

    // ---------------------------------------------------------------- other packages' tables

    /** Work on the store's connection inside one transaction (see {@link #inTransaction}). */
    @FunctionalInterface
    public interface Transaction<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction for tables other tracker packages own (claims and the
     * rewards ledger): commits, or rolls back and throws {@link StoreException} naming {@code what}.
     */
    public <T> T inTransaction(String what, Transaction<T> work) {
        return db.tx(what, work::run);
    }

    // ---------------------------------------------------------------- plumbing

    @Override
    public void close() {
        db.close();
    }

    @Override
    public String toString() {
        return "Store[" + db.redactedUrl() + "]";
    }

    private static long readPublishersVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT meta_value FROM registry_meta WHERE name = 'publishers_version'")) {
            if (!rs.next()) {
                throw new SQLException("registry_meta has no publishers_version row");
            }
            return rs.getLong(1);
        }
    }

    private static Optional<NodeRecord> readNode(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + NODE_COLUMNS + " FROM nodes WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(node(rs)) : Optional.empty();
            }
        }
    }

    private static NodeRecord node(ResultSet rs) throws SQLException {
        Heartbeat hb = null;
        long hbTs = rs.getLong("hb_ts");
        if (!rs.wasNull()) {
            hb = new Heartbeat(hbTs, rs.getLong("hb_received_at"), rs.getDouble("hb_load"),
                    rs.getLong("hb_spare_mbps"), rs.getLong("hb_max_mbps"), rs.getLong("hb_cache_bytes"),
                    rs.getLong("hb_connections"), Objects.requireNonNullElse(rs.getString("hb_version"), ""));
        }
        return new NodeRecord(rs.getString("id"), rs.getString("url"), rs.getString("admin_url"),
                rs.getString("region"), rs.getLong("max_mbps"), rs.getInt("draining") != 0,
                rs.getLong("registered_at"), rs.getLong("updated_at"), rs.getLong("last_signed_ts"), hb);
    }

    private static Optional<PublisherRecord> readPublisher(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name, public_key, origin, allow_unsafe_methods,"
                + " created_at, updated_at FROM publishers WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(publisher(rs)) : Optional.empty();
            }
        }
    }

    private static PublisherRecord publisher(ResultSet rs) throws SQLException {
        return new PublisherRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) != 0,
                rs.getLong(5), rs.getLong(6));
    }

    private static long countNonces(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM nonces")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int purgeNonces(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nonces WHERE expires_at <= ?")) {
            ps.setLong(1, now);
            return ps.executeUpdate();
        }
    }
}
