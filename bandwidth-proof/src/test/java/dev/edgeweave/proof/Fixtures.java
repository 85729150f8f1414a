package dev.edgeweave.proof;

import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.util.Arrays;
import java.util.Set;

/**
 * Deterministic keys, tokens and receipts shared by the tests and the protocol test vectors
 * (docs/protocol.md). Changing anything here changes the vectors.
 */
public final class Fixtures {

    /** Hourly epochs from the unix epoch. */
    public static final long EPOCH_MILLIS = 3_600_000L;
    /** 2023-11-14T22:13:20Z. */
    public static final long T0 = 1_700_000_000_000L;
    /** The epoch containing {@link #T0}: 472222. */
    public static final long EPOCH = T0 / EPOCH_MILLIS;
    /** Receipt grace 60 s, claim window one epoch. */
    public static final EpochSchedule SCHEDULE = new EpochSchedule(0, EPOCH_MILLIS, 60_000, EPOCH_MILLIS);

    public static final Ed25519KeyPair PUBLISHER = Ed25519KeyPair.fromSeed(fill(0x11));
    public static final Ed25519KeyPair VIEWER = Ed25519KeyPair.fromSeed(fill(0x22));
    public static final Ed25519KeyPair NODE = Ed25519KeyPair.fromSeed(fill(0x33));
    public static final Ed25519KeyPair OTHER_NODE = Ed25519KeyPair.fromSeed(fill(0x44));
    public static final Ed25519KeyPair STRANGER = Ed25519KeyPair.fromSeed(fill(0x55));

    public static final PublisherDirectory PUBLISHERS = PublisherDirectory.of(Set.of(PUBLISHER.publicKey()));

    private Fixtures() {}

    /** 32 bytes of {@code b}. */
    public static byte[] fill(int b) {
        byte[] out = new byte[32];
        Arrays.fill(out, (byte) b);
        return out;
    }

    /** Token id {@code 16*i, 16*i+1, ..., 16*i+15}. */
    public static TokenId tokenId(int i) {
        byte[] b = new byte[16];
        for (int j = 0; j < 16; j++) {
            b[j] = (byte) (16 * i + j);
        }
        return TokenId.of(b);
    }

    /** Token {@code i}: publisher PUBLISHER, viewer VIEWER, valid T0 .. T0+2h, cap 1e9 bytes. */
    public static ViewerToken token(int i) {
        return new ViewerToken(PUBLISHER.publicKey(), VIEWER.publicKey(), tokenId(i), T0, T0 + 2 * EPOCH_MILLIS,
                1_000_000_000L);
    }

    public static SignedToken signedToken(int i) {
        return token(i).sign(PUBLISHER);
    }

    /** Receipt for token {@code i} to NODE in EPOCH, signed at T0 + 100 s. */
    public static Receipt receipt(int i, long serial, long bytes) {
        return new Receipt(tokenId(i), NODE.publicKey(), EPOCH, serial, bytes, T0 + 100_000);
    }

    public static SignedReceipt signedReceipt(int i, long serial, long bytes) {
        return receipt(i, serial, bytes).sign(VIEWER);
    }

    /** A time when EPOCH takes claims. */
    public static long claimTime() {
        return SCHEDULE.claimsOpenAt(EPOCH) + 1;
    }
}
