package dev.edgeweave.edge.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Tokens are verified once per header value; unknown publishers are asked again later, forgeries never. */
class TokenCacheTest {

    final Ed25519KeyPair publisher = ReceiptFixture.key(0x11);
    final Ed25519KeyPair viewer = ReceiptFixture.key(0x22);
    final AtomicLong now = new AtomicLong(1_000_000);
    final Set<Ed25519PublicKey> registered = new HashSet<>();
    final TokenCache cache = new TokenCache(() -> Set.copyOf(registered), now::get);

    SignedToken token(long notBefore, long expires) {
        return new ViewerToken(publisher.publicKey(), viewer.publicKey(), TokenId.of(new byte[16]), notBefore, expires,
                1_000).sign(publisher);
    }

    @Test
    void a_valid_token_of_a_registered_publisher_is_usable_while_it_is_valid() {
        registered.add(publisher.publicKey());
        SignedToken t = token(now.get() - 10, now.get() + 100);
        assertThat(cache.usable(t.toHeaderValue())).isEqualTo(t);
        now.addAndGet(100);
        assertThat(cache.usable(t.toHeaderValue())).isNull(); // expired
        assertThat(cache.check(t.toHeaderValue()).refusal()).contains("is not valid at");
    }

    @Test
    void an_unknown_publisher_is_asked_again_after_the_recheck_delay() {
        SignedToken t = token(0, Long.MAX_VALUE / 2);
        assertThat(cache.usable(t.toHeaderValue())).isNull();
        assertThat(cache.check(t.toHeaderValue()).refusal()).contains("not registered");
        registered.add(publisher.publicKey());
        assertThat(cache.usable(t.toHeaderValue())).isNull(); // still the cached answer
        now.addAndGet(TokenCache.RECHECK_MILLIS);
        assertThat(cache.usable(t.toHeaderValue())).isEqualTo(t);
    }

    @Test
    void a_forged_or_malformed_token_stays_refused() {
        registered.add(publisher.publicKey());
        byte[] forged = token(0, Long.MAX_VALUE / 2).encoded();
        forged[forged.length - 1] ^= 1;
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(forged);
        assertThat(cache.usable(header)).isNull();
        assertThat(cache.check(header).refusal()).contains("bad publisher signature");
        now.addAndGet(10 * TokenCache.RECHECK_MILLIS);
        assertThat(cache.usable(header)).isNull();
        assertThat(cache.usable("###")).isNull();
        assertThat(cache.check("###").refusal()).contains("base64url");
        assertThat(cache.usable(null)).isNull();
    }
}
