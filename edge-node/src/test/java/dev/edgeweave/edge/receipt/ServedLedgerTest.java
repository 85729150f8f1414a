package dev.edgeweave.edge.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.wire.TokenId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Served bytes per token: counted, released with dropped epochs, forgotten after expiry, kept across restarts. */
class ServedLedgerTest {

    @TempDir
    Path dir;

    static TokenId token(int i) {
        byte[] b = new byte[16];
        b[0] = (byte) i;
        return TokenId.of(b);
    }

    @Test
    void counts_releases_and_survives_a_restart_through_its_snapshot() throws Exception {
        Path file = dir.resolve("served.snapshot");
        ServedLedger ledger = new ServedLedger(file);
        ledger.add(token(1), 5_000, 700);
        ledger.add(token(1), 5_000, 300);
        ledger.add(token(2), 9_000, 10);
        ledger.add(token(3), 9_000, 0); // nothing served: not a token worth remembering
        ledger.release(token(1), 400);
        assertThat(ledger.served(token(1))).isEqualTo(600);
        assertThat(ledger.tokens()).isEqualTo(2);
        ledger.snapshot();
        assertThat(Files.exists(file)).isTrue();

        ServedLedger restarted = new ServedLedger(file);
        restarted.load();
        assertThat(restarted.served(token(1))).isEqualTo(600);
        assertThat(restarted.served(token(2))).isEqualTo(10);
        restarted.atLeast(token(2), 9_000, 5); // receipts held never lower a total
        restarted.atLeast(token(1), 5_000, 800); // nor is a total below the receipts held
        assertThat(restarted.served(token(2))).isEqualTo(10);
        assertThat(restarted.served(token(1))).isEqualTo(800);
    }

    @Test
    void forgets_expired_tokens_without_receipts_held() {
        ServedLedger ledger = new ServedLedger(dir.resolve("s"));
        ledger.add(token(1), 1_000, 5);
        ledger.add(token(2), 1_000, 5);
        ledger.add(token(3), 9_000, 5);
        assertThat(ledger.forgetExpired(2_000, id -> id.equals(token(2)))).isEqualTo(1);
        assertThat(ledger.served(token(1))).isZero();
        assertThat(ledger.served(token(2))).isEqualTo(5);
        assertThat(ledger.served(token(3))).isEqualTo(5);
    }

    @Test
    void a_missing_snapshot_is_a_first_start() throws Exception {
        ServedLedger ledger = new ServedLedger(dir.resolve("none"));
        ledger.load();
        assertThat(ledger.tokens()).isZero();
    }
}
