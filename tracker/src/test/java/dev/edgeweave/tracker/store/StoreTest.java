package dev.edgeweave.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's behaviour, run against each database it supports ({@link SqliteStoreTest},
 * {@link PostgresStoreTest}).
 */
abstract class StoreTest {

    static final String ID = "ab".repeat(32);
    static final String KEY_A = "0a".repeat(32);
    static final String KEY_B = "0b".repeat(32);

    @TempDir
    Path dir;
    String url;
    Store store;

    /** A JDBC URL of a fresh, empty database. */
    abstract String newDatabaseUrl() throws Exception;

    @BeforeEach
    void open() throws Exception {
        url = newDatabaseUrl();
        store = Store.open(url);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void creates_the_schema_at_the_current_version_once() {
        assertThat(store.schemaVersion()).isEqualTo(Schema.CURRENT).isEqualTo(2);
        // opening again is a no-op migration
        store.close();
        store = Store.open(url);
        assertThat(store.schemaVersion()).isEqualTo(2);
    }

    @Test
    void refuses_a_database_whose_schema_is_newer_than_the_code() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE schema_version SET version = 99");
        }
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("schema version 99 is newer than this tracker understands (2)");
    }

    @Test
    void refuses_a_url_that_is_neither_sqlite_nor_postgresql_and_hides_passwords() {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://db/x?password=secret"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB")
                .hasMessageNotContaining("secret");
        assertThat(Store.redact("jdbc:postgresql://db/edge?user=u&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/edge?user=u&password=***&ssl=true");
    }

    @Test
    void a_nonce_is_good_once_and_not_after_it_expires() {
        assertThat(store.addNonce("n1", 2_000, 1_000, 10)).isTrue();
        assertThat(store.addNonce("n2", 2_000, 1_000, 10)).isTrue();
        assertThat(store.consumeNonce("n1", 1_500)).isEqualTo(Store.NonceCheck.OK);
        assertThat(store.consumeNonce("n1", 1_500)).isEqualTo(Store.NonceCheck.UNKNOWN);
        assertThat(store.consumeNonce("n2", 2_000)).isEqualTo(Store.NonceCheck.EXPIRED);
        assertThat(store.consumeNonce("n2", 1_500)).isEqualTo(Store.NonceCheck.UNKNOWN);
        assertThat(store.consumeNonce("never", 1_500)).isEqualTo(Store.NonceCheck.UNKNOWN);
    }

    @Test
    void outstanding_nonces_are_capped_after_purging_expired_ones() {
        assertThat(store.addNonce("a", 2_000, 1_000, 2)).isTrue();
        assertThat(store.addNonce("b", 5_000, 1_000, 2)).isTrue();
        assertThat(store.addNonce("c", 5_000, 1_000, 2)).isFalse();
        // at 3000 "a" has expired and is purged, so there is room again
        assertThat(store.addNonce("c", 6_000, 3_000, 2)).isTrue();
        assertThat(store.purgeExpiredNonces(5_500)).isEqualTo(1);
    }

    @Test
    void re_registering_a_node_keeps_its_history_and_clears_draining() {
        NodeRecord first = store.putNode(ID, "http://127.0.0.11:8080", "http://127.0.0.11:9090", "r0", 100, 1_000);
        assertThat(first.registeredAt()).isEqualTo(1_000);
        assertThat(first.heartbeat()).isNull();
        assertThat(store.putHeartbeats(List.of(new Store.HeartbeatWrite(ID,
                new Heartbeat(1_100, 1_101, 0.5, 50, 100, 7, 3, "v1"))))).isEqualTo(1);
        assertThat(store.setDraining(ID, true, 1_200, 1_201)).isTrue();

        NodeRecord again = store.putNode(ID, "http://127.0.0.11:8081", "http://127.0.0.11:9091", "r1", 200, 2_000);
        assertThat(again.registeredAt()).isEqualTo(1_000);
        assertThat(again.updatedAt()).isEqualTo(2_000);
        assertThat(again.url()).isEqualTo("http://127.0.0.11:8081");
        assertThat(again.region()).isEqualTo("r1");
        assertThat(again.draining()).isFalse();
        assertThat(again.lastSignedTs()).isEqualTo(1_200);
        assertThat(again.heartbeat()).isEqualTo(new Heartbeat(1_100, 1_101, 0.5, 50, 100, 7, 3, "v1"));
    }

    @Test
    void a_heartbeat_not_above_the_stored_replay_floor_is_skipped() {
        store.putNode(ID, "http://127.0.0.11:8080", "http://127.0.0.11:9090", "r0", 100, 1_000);
        store.setDraining(ID, false, 5_000, 1_000);
        assertThat(store.putHeartbeats(List.of(new Store.HeartbeatWrite(ID,
                new Heartbeat(4_000, 4_001, 0.1, 1, 100, 0, 0, ""))))).isZero();
        assertThat(store.node(ID).orElseThrow().heartbeat()).isNull();
        assertThat(store.putHeartbeats(List.of(new Store.HeartbeatWrite(ID,
                new Heartbeat(6_000, 6_001, 0.1, 1, 100, 0, 0, ""))))).isEqualTo(1);
        assertThat(store.node(ID).orElseThrow().lastSignedTs()).isEqualTo(6_000);
        // a lower drain ts never lowers the floor
        store.setDraining(ID, true, 10, 7_000);
        assertThat(store.node(ID).orElseThrow().lastSignedTs()).isEqualTo(6_000);
    }

    @Test
    void deleting_a_node_removes_it() {
        store.putNode(ID, "http://127.0.0.11:8080", "http://127.0.0.11:9090", "r0", 100, 1_000);
        assertThat(store.deleteNode(ID)).isTrue();
        assertThat(store.deleteNode(ID)).isFalse();
        assertThat(store.nodes()).isEmpty();
        assertThat(store.setDraining(ID, true, 1, 1)).isFalse();
    }

    @Test
    void publisher_writes_report_their_outcome_and_bump_the_version_only_on_change() {
        assertThat(store.publishers().version()).isZero();
        PublisherWrite created = store.putPublisher("demo", KEY_A, "http://o:1", false, 1_000);
        assertThat(created.outcome()).isEqualTo(PublisherWrite.Outcome.CREATED);
        assertThat(created.version()).isEqualTo(1);

        assertThat(store.putPublisher("demo", KEY_A, "http://o:1", false, 1_100).outcome())
                .isEqualTo(PublisherWrite.Outcome.UNCHANGED);
        assertThat(store.publishersVersion()).isEqualTo(1);

        PublisherWrite updated = store.putPublisher("demo", KEY_A, "http://o:2", true, 1_200);
        assertThat(updated.outcome()).isEqualTo(PublisherWrite.Outcome.UPDATED);
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.record()).isEqualTo(new PublisherRecord("demo", KEY_A, "http://o:2", true, 1_000, 1_200));

        PublisherWrite conflict = store.putPublisher("demo", KEY_B, "http://evil", false, 1_300);
        assertThat(conflict.outcome()).isEqualTo(PublisherWrite.Outcome.CONFLICT);
        assertThat(conflict.record().publicKey()).isEqualTo(KEY_A);
        assertThat(conflict.version()).isEqualTo(2);

        store.putPublisher("another", KEY_B, "http://o:3", false, 1_400);
        PublisherTable table = store.publishers();
        assertThat(table.version()).isEqualTo(3);
        assertThat(table.publishers()).extracting(PublisherRecord::name).containsExactly("another", "demo");
    }

    @Test
    void everything_written_is_there_after_reopening() {
        store.putNode(ID, "http://127.0.0.11:8080", "http://127.0.0.11:9090", "r0", 100, 1_000);
        store.putPublisher("demo", KEY_A, "http://o:1", false, 1_000);
        store.close();
        store = Store.open(url);
        assertThat(store.nodes()).extracting(NodeRecord::id).containsExactly(ID);
        assertThat(store.publishers().publishers()).extracting(PublisherRecord::name).containsExactly("demo");
    }
}
