package dev.edgeweave.tracker.ledger;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.SignedClaim;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.tracker.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The claims and rewards ledger, in the tracker's database (tables {@code claims}, {@code token_credits},
 * {@code token_caps}, {@code epoch_rewards}; see {@code store/Schema}). Every method is one
 * transaction: a claim is acknowledged only after {@link #insert} committed (SQLite WAL with
 * {@code synchronous=FULL}, or PostgreSQL), so an acknowledged claim survives a crash. Rows are
 * append-only in spirit: a claim moves {@code audit_pending → accepted | voided} once, and an epoch
 * is settled once (several replicas may race; the {@code epoch_rewards} primary key lets one win).
 *
 * <p>Blocks on the database: never call it from a Netty event loop.
 */
public final class Ledger {

    private static final HexFormat HEX = HexFormat.of();
    private static final String COLUMNS = "node_id, epoch, digest, leaf_count, claimed_bytes, received_at, beacon,"
            + " audit_k, audit_deadline, status, reason_code, reason, finished_at, verified_bytes, over_cap_entries,"
            + " over_cap_bytes, reward";

    /** Reason code of a claim whose audit was not answered by its deadline. */
    public static final String AUDIT_MISSING = "AUDIT_MISSING";

    private final Store store;

    public Ledger(Store store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A recorded claim with its encoded bytes. */
    public record StoredClaim(ClaimRow row, SignedClaim claim) {
    }

    /** The claim of {@code node} for {@code epoch}, with its bytes. */
    public Optional<StoredClaim> find(String node, long epoch) {
        return store.inTransaction("read claim " + shortId(node) + "/" + epoch, c -> {
            Optional<ClaimRow> row = readRow(c, node, epoch);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new StoredClaim(row.get(), readClaim(c, node, epoch)));
        });
    }

    /**
     * Records a new claim (status {@code audit_pending}, no beacon yet).
     *
     * @return true if recorded, false if the node already has a claim for that epoch (nothing changed)
     */
    public boolean insert(SignedClaim claim, String digest, int auditSamples, long receivedAt, long auditDeadline) {
        Claim cl = claim.claim();
        String node = cl.node().hex();
        return store.inTransaction("record claim " + shortId(node) + "/" + cl.epoch(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO claims (node_id, epoch, digest, claim,"
                    + " leaf_count, claimed_bytes, received_at, audit_k, audit_deadline, status)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (node_id, epoch) DO NOTHING")) {
                ps.setString(1, node);
                ps.setLong(2, cl.epoch());
                ps.setString(3, digest);
                ps.setBytes(4, claim.encoded());
                ps.setLong(5, cl.leafCount());
                ps.setLong(6, cl.totalBytes());
                ps.setLong(7, receivedAt);
                ps.setInt(8, auditSamples);
                ps.setLong(9, auditDeadline);
                ps.setString(10, ClaimStatus.AUDIT_PENDING.wire());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Sets the audit beacon of a recorded claim unless one is already set (another replica, or an
     * earlier submission, drew it first), and returns the row with the beacon in force.
     */
    public ClaimRow drawBeacon(String node, long epoch, byte[] beacon) {
        return store.inTransaction("draw audit beacon " + shortId(node) + "/" + epoch, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE claims SET beacon = ? WHERE node_id = ? AND epoch = ? AND beacon IS NULL")) {
                ps.setString(1, HEX.formatHex(beacon));
                ps.setString(2, node);
                ps.setLong(3, epoch);
                ps.executeUpdate();
            }
            return readRow(c, node, epoch).orElseThrow(() -> new SQLException("claim " + node + "/" + epoch
                    + " vanished"));
        });
    }

    /**
     * Ends the audit of a pending claim: {@code ACCEPTED} (and remembers the caps of the tokens the
     * audit revealed) or {@code VOIDED} with a reason.
     *
     * @return the updated row, or empty if the claim was no longer pending (then nothing changed)
     */
    public Optional<ClaimRow> finishAudit(String node, long epoch, ClaimStatus status, String reasonCode,
                                          String reason, long now, Map<TokenId, Long> learnedCaps) {
        if (status == ClaimStatus.AUDIT_PENDING) {
            throw new IllegalArgumentException("status: audit_pending (expected: accepted or voided)");
        }
        return store.inTransaction("finish audit " + shortId(node) + "/" + epoch, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE claims SET status = ?, reason_code = ?,"
                    + " reason = ?, finished_at = ? WHERE node_id = ? AND epoch = ? AND status = ?")) {
                ps.setString(1, status.wire());
                ps.setString(2, reasonCode);
                ps.setString(3, reason);
                ps.setLong(4, now);
                ps.setString(5, node);
                ps.setLong(6, epoch);
                ps.setString(7, ClaimStatus.AUDIT_PENDING.wire());
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            if (!learnedCaps.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_caps (token_id, byte_cap)"
                        + " VALUES (?, ?) ON CONFLICT (token_id) DO UPDATE SET byte_cap = CASE WHEN"
                        + " excluded.byte_cap < token_caps.byte_cap THEN excluded.byte_cap ELSE token_caps.byte_cap END")) {
                    for (Map.Entry<TokenId, Long> e : learnedCaps.entrySet()) {
                        ps.setString(1, e.getKey().hex());
                        ps.setLong(2, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return readRow(c, node, epoch);
        });
    }

    /** Pending claims whose audit deadline is at or before {@code now}. */
    public List<ClaimRow> expiredAudits(long now) {
        return store.inTransaction("list expired audits", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM claims WHERE status = ?"
                    + " AND audit_deadline <= ? ORDER BY epoch, received_at, node_id")) {
                ps.setString(1, ClaimStatus.AUDIT_PENDING.wire());
                ps.setLong(2, now);
                return rows(ps);
            }
        });
    }

    /** Epochs that have claims and are not settled yet, ascending. */
    public List<Long> unsettledEpochs() {
        return store.inTransaction("list unsettled epochs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT epoch FROM claims WHERE epoch NOT IN"
                    + " (SELECT epoch FROM epoch_rewards) ORDER BY epoch");
                 ResultSet rs = ps.executeQuery()) {
                List<Long> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
                return out;
            }
        });
    }

    /**
     * Settles {@code epoch} in one transaction: voids claims still waiting for an audit, credits the
     * accepted claims against their tokens' caps in the order they were recorded, splits {@code pool}
     * over the verified bytes, and records every node's verified bytes and reward.
     *
     * @param missingReason reason stored on claims voided here for a missing audit
     * @return the settlement, or empty if the epoch was already settled (by another replica)
     */
    public Optional<Settlement.Result> settle(long epoch, long pool, long now, String missingReason) {
        return store.inTransaction("settle epoch " + epoch, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO epoch_rewards (epoch, pool, verified_bytes,"
                    + " paid, undistributed, settled_at) VALUES (?, ?, 0, 0, ?, ?) ON CONFLICT (epoch) DO NOTHING")) {
                ps.setLong(1, epoch);
                ps.setLong(2, pool);
                ps.setLong(3, pool);
                ps.setLong(4, now);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE claims SET status = ?, reason_code = ?, reason = ?,"
                    + " finished_at = ? WHERE epoch = ? AND status = ?")) {
                ps.setString(1, ClaimStatus.VOIDED.wire());
                ps.setString(2, AUDIT_MISSING);
                ps.setString(3, missingReason);
                ps.setLong(4, now);
                ps.setLong(5, epoch);
                ps.setString(6, ClaimStatus.AUDIT_PENDING.wire());
                ps.executeUpdate();
            }
            List<Claim> accepted = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT node_id, claim FROM claims WHERE epoch = ?"
                    + " AND status = ? ORDER BY received_at, node_id")) {
                ps.setLong(1, epoch);
                ps.setString(2, ClaimStatus.ACCEPTED.wire());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        accepted.add(decode(rs.getBytes(2), rs.getString(1), epoch).claim());
                    }
                }
            }
            Settlement.Result result;
            try (PreparedStatement credit = c.prepareStatement("SELECT credited FROM token_credits WHERE token_id = ?");
                 PreparedStatement cap = c.prepareStatement("SELECT byte_cap FROM token_caps WHERE token_id = ?")) {
                result = Settlement.compute(pool, accepted, id -> lookup(credit, id).orElse(0),
                        id -> lookup(cap, id));
            } catch (UncheckedSql e) {
                throw e.getCause();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO token_credits (token_id, credited)"
                    + " VALUES (?, ?) ON CONFLICT (token_id) DO UPDATE SET credited = excluded.credited")) {
                for (Map.Entry<TokenId, Long> e : result.credits().entrySet()) {
                    ps.setString(1, e.getKey().hex());
                    ps.setLong(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE claims SET verified_bytes = 0, over_cap_entries = 0,"
                    + " over_cap_bytes = 0, reward = 0 WHERE epoch = ? AND status = ?")) {
                ps.setLong(1, epoch);
                ps.setString(2, ClaimStatus.VOIDED.wire());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE claims SET verified_bytes = ?, over_cap_entries = ?,"
                    + " over_cap_bytes = ?, reward = ? WHERE node_id = ? AND epoch = ?")) {
                for (Settlement.NodeResult n : result.nodes()) {
                    ps.setLong(1, n.verifiedBytes());
                    ps.setLong(2, n.overCapEntries());
                    ps.setLong(3, n.overCapBytes());
                    ps.setLong(4, n.reward());
                    ps.setString(5, n.node().hex());
                    ps.setLong(6, epoch);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE epoch_rewards SET verified_bytes = ?, paid = ?,"
                    + " undistributed = ? WHERE epoch = ?")) {
                ps.setLong(1, result.verifiedBytes());
                ps.setLong(2, result.paid());
                ps.setLong(3, result.undistributed());
                ps.setLong(4, epoch);
                ps.executeUpdate();
            }
            return Optional.of(result);
        });
    }

    /** The settlement of {@code epoch}, if settled. */
    public Optional<EpochRow> epoch(long epoch) {
        return store.inTransaction("read epoch " + epoch, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch, pool, verified_bytes, paid, undistributed,"
                    + " settled_at FROM epoch_rewards WHERE epoch = ?")) {
                ps.setLong(1, epoch);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new EpochRow(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6))) : Optional.empty();
                }
            }
        });
    }

    /** Every claim of {@code epoch}, sorted by node id. */
    public List<ClaimRow> claimsOf(long epoch) {
        return store.inTransaction("list claims of epoch " + epoch, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM claims WHERE epoch = ?"
                    + " ORDER BY node_id")) {
                ps.setLong(1, epoch);
                return rows(ps);
            }
        });
    }

    /** The latest {@code limit} claims of {@code node}, ascending by epoch. */
    public List<ClaimRow> claimsOfNode(String node, int limit) {
        return store.inTransaction("list claims of node " + shortId(node), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM claims WHERE node_id = ?"
                    + " ORDER BY epoch DESC LIMIT ?")) {
                ps.setString(1, node);
                ps.setInt(2, limit);
                List<ClaimRow> out = rows(ps);
                java.util.Collections.reverse(out);
                return out;
            }
        });
    }

    /** Total reward units paid to {@code node} over every settled epoch. */
    public long totalReward(String node) {
        return store.inTransaction("sum rewards of node " + shortId(node), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(reward), 0) FROM claims WHERE node_id = ? AND reward IS NOT NULL")) {
                ps.setString(1, node);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Bytes credited to a token so far over all settled epochs and nodes (0 if none). */
    public long credited(TokenId token) {
        return store.inTransaction("read token credit", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT credited FROM token_credits WHERE token_id = ?")) {
                return lookupSql(ps, token).orElse(0);
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    private static Optional<ClaimRow> readRow(Connection c, String node, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM claims WHERE node_id = ?"
                + " AND epoch = ?")) {
            ps.setString(1, node);
            ps.setLong(2, epoch);
            List<ClaimRow> rows = rows(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private static SignedClaim readClaim(Connection c, String node, long epoch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT claim FROM claims WHERE node_id = ? AND epoch = ?")) {
            ps.setString(1, node);
            ps.setLong(2, epoch);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("claim " + node + "/" + epoch + " vanished");
                }
                return decode(rs.getBytes(1), node, epoch);
            }
        }
    }

    private static SignedClaim decode(byte[] bytes, String node, long epoch) throws SQLException {
        try {
            return SignedClaim.decode(bytes);
        } catch (DecodeException e) {
            throw new SQLException("stored claim " + node + "/" + epoch + " does not decode: " + e.getMessage(), e);
        }
    }

    private static List<ClaimRow> rows(PreparedStatement ps) throws SQLException {
        List<ClaimRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String beacon = rs.getString("beacon");
                out.add(new ClaimRow(rs.getString("node_id"), rs.getLong("epoch"), rs.getString("digest"),
                        rs.getInt("leaf_count"), rs.getLong("claimed_bytes"), rs.getLong("received_at"),
                        beacon == null ? null : HEX.parseHex(beacon), rs.getInt("audit_k"),
                        rs.getLong("audit_deadline"), ClaimStatus.fromWire(rs.getString("status")),
                        rs.getString("reason_code"), rs.getString("reason"), nullableLong(rs, "finished_at"),
                        nullableLong(rs, "verified_bytes"), nullableLong(rs, "over_cap_entries"),
                        nullableLong(rs, "over_cap_bytes"), nullableLong(rs, "reward")));
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static OptionalLong lookup(PreparedStatement ps, TokenId id) {
        try {
            return lookupSql(ps, id);
        } catch (SQLException e) {
            throw new UncheckedSql(e);
        }
    }

    private static OptionalLong lookupSql(PreparedStatement ps, TokenId id) throws SQLException {
        ps.setString(1, id.hex());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    private static String shortId(String node) {
        return node.length() > 16 ? node.substring(0, 16) : node;
    }

    /** Carries an SQLException out of a lambda; unwrapped in the same transaction. */
    private static final class UncheckedSql extends RuntimeException {
        UncheckedSql(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }
}
