package dev.edgeweave.proof.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.Fixtures;
import dev.edgeweave.proof.wire.Claim;
import dev.edgeweave.proof.wire.ClaimEntry;
import dev.edgeweave.proof.wire.TokenId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CapLedgerTest {

    private static Claim claim(dev.edgeweave.proof.crypto.Ed25519KeyPair node, ClaimEntry... entries) {
        return Claim.of(node.publicKey(), Fixtures.EPOCH, List.of(entries), new byte[32]);
    }

    /** What a tracker does: check, then record what it accepted. */
    private static void record(Map<TokenId, Long> ledger, Claim c, CapLedger.Result r) {
        for (int i = 0; i < c.leafCount(); i++) {
            long allowed = c.bytesAt(i);
            for (CapLedger.Excess e : r.excesses()) {
                if (e.index() == i) {
                    allowed = e.allowed();
                }
            }
            ledger.merge(c.tokenIdAt(i), allowed, Long::sum);
        }
    }

    @Test
    void catches_one_token_over_cap_across_two_nodes() {
        TokenId a = Fixtures.tokenId(1);
        TokenId b = Fixtures.tokenId(2);
        Map<TokenId, Long> ledger = new HashMap<>();
        Claim first = claim(Fixtures.NODE, new ClaimEntry(a, 700, 1000), new ClaimEntry(b, 10, 1000));
        CapLedger.Result r1 = CapLedger.check(first, id -> ledger.getOrDefault(id, 0L));
        assertThat(r1.withinCaps()).isTrue();
        assertThat(r1.allowedBytes()).isEqualTo(710);
        record(ledger, first, r1);

        // The second node claims 700 more bytes of token a: 400 over its 1000-byte cap.
        Claim second = claim(Fixtures.OTHER_NODE, new ClaimEntry(a, 700, 1000), new ClaimEntry(b, 20, 1000));
        CapLedger.Result r2 = CapLedger.check(second, id -> ledger.getOrDefault(id, 0L));
        assertThat(r2.excesses()).containsExactly(new CapLedger.Excess(0, a, 700, 700, 1000, 300));
        assertThat(r2.excesses().get(0).excess()).isEqualTo(400);
        assertThat(r2.allowedBytes()).isEqualTo(320);
        record(ledger, second, r2);
        assertThat(ledger).containsEntry(a, 1000L).containsEntry(b, 30L);
    }

    @Test
    void uses_the_smaller_of_declared_and_known_cap() {
        TokenId a = Fixtures.tokenId(1);
        Claim c = claim(Fixtures.NODE, new ClaimEntry(a, 600, 1_000_000)); // node overstates the cap
        CapLedger.Result r = CapLedger.check(c, id -> 0L, id -> OptionalLong.of(500));
        assertThat(r.excesses()).containsExactly(new CapLedger.Excess(0, a, 0, 600, 500, 500));
    }

    @Test
    void a_token_already_at_cap_gets_nothing_more() {
        TokenId a = Fixtures.tokenId(1);
        CapLedger.Result r = CapLedger.check(claim(Fixtures.NODE, new ClaimEntry(a, 5, 100)), id -> 120L);
        assertThat(r.excesses()).singleElement().satisfies(e -> assertThat(e.allowed()).isZero());
        assertThat(r.allowedBytes()).isZero();
    }
}
