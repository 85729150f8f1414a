package dev.edgeweave.tracker.store;

import java.util.List;

/**
 * The tracker's tables, as migrations. Migration {@code i} (0-based) takes the schema from version
 * {@code i} to {@code i + 1}; {@code schema_version} holds the current version. Later issues
 * (claims, ledger) append migrations; existing ones never change.
 *
 * <p>SQL is portable between SQLite (3.35+) and PostgreSQL (9.5+): {@code TEXT}, {@code BIGINT},
 * {@code INTEGER} 0/1 for booleans, {@code DOUBLE PRECISION}, {@code ON CONFLICT … DO …}.
 */
final class Schema {

    /** Created before any migration so the version can be read and bumped atomically. */
    static final String VERSION_TABLE =
            "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY, version INTEGER NOT NULL)";

    static final List<List<String>> MIGRATIONS = List.of(
            // 0 -> 1: registry
            List.of(
                    "CREATE TABLE IF NOT EXISTS nodes ("
                            + " id TEXT PRIMARY KEY,"
                            + " url TEXT NOT NULL,"
                            + " admin_url TEXT NOT NULL,"
                            + " region TEXT NOT NULL,"
                            + " max_mbps BIGINT NOT NULL,"
                            + " draining INTEGER NOT NULL,"
                            + " registered_at BIGINT NOT NULL,"
                            + " updated_at BIGINT NOT NULL,"
                            + " last_signed_ts BIGINT NOT NULL,"
                            + " hb_ts BIGINT,"
                            + " hb_received_at BIGINT,"
                            + " hb_load DOUBLE PRECISION,"
                            + " hb_spare_mbps BIGINT,"
                            + " hb_max_mbps BIGINT,"
                            + " hb_cache_bytes BIGINT,"
                            + " hb_connections BIGINT,"
                            + " hb_version TEXT)",
                    "CREATE TABLE IF NOT EXISTS publishers ("
                            + " name TEXT PRIMARY KEY,"
                            + " public_key TEXT NOT NULL,"
                            + " origin TEXT NOT NULL,"
                            + " allow_unsafe_methods INTEGER NOT NULL,"
                            + " created_at BIGINT NOT NULL,"
                            + " updated_at BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS registry_meta (name TEXT PRIMARY KEY, meta_value BIGINT NOT NULL)",
                    "INSERT INTO registry_meta (name, meta_value) VALUES ('publishers_version', 0)"
                            + " ON CONFLICT (name) DO NOTHING"),
            // 1 -> 2: claims, audits and the rewards ledger (dev.edgeweave.tracker.ledger.Ledger). BYTEA is
            // PostgreSQL's binary type; SQLite accepts the name and stores the bytes as a BLOB.
            List.of(
                    "CREATE TABLE IF NOT EXISTS claims ("
                            + " node_id TEXT NOT NULL,"
                            + " epoch BIGINT NOT NULL,"
                            + " digest TEXT NOT NULL,"
                            + " claim BYTEA NOT NULL,"
                            + " leaf_count BIGINT NOT NULL,"
                            + " claimed_bytes BIGINT NOT NULL,"
                            + " received_at BIGINT NOT NULL,"
                            + " beacon TEXT,"
                            + " audit_k INTEGER NOT NULL,"
                            + " audit_deadline BIGINT NOT NULL,"
                            + " status TEXT NOT NULL,"
                            + " reason_code TEXT,"
                            + " reason TEXT,"
                            + " finished_at BIGINT,"
                            + " verified_bytes BIGINT,"
                            + " over_cap_entries BIGINT,"
                            + " over_cap_bytes BIGINT,"
                            + " reward BIGINT,"
                            + " PRIMARY KEY (node_id, epoch))",
                    "CREATE INDEX IF NOT EXISTS claims_by_epoch ON claims (epoch, status)",
                    "CREATE INDEX IF NOT EXISTS claims_by_status ON claims (status, audit_deadline)",
                    "CREATE TABLE IF NOT EXISTS token_credits (token_id TEXT PRIMARY KEY, credited BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS token_caps (token_id TEXT PRIMARY KEY, byte_cap BIGINT NOT NULL)",
                    "CREATE TABLE IF NOT EXISTS epoch_rewards ("
                            + " epoch BIGINT PRIMARY KEY,"
                            + " pool BIGINT NOT NULL,"
                            + " verified_bytes BIGINT NOT NULL,"
                            + " paid BIGINT NOT NULL,"
                            + " undistributed BIGINT NOT NULL,"
                            + " settled_at BIGINT NOT NULL)"));

    /** The version this code writes and understands. */
    static final int CURRENT = MIGRATIONS.size();

    private Schema() {}
}
