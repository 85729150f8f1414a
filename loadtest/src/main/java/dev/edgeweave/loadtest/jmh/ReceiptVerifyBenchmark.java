package dev.edgeweave.loadtest.jmh;

import dev.edgeweave.proof.claim.BuiltClaim;
import dev.edgeweave.proof.claim.ClaimBuilder;
import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.crypto.Ed25519KeyPair;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.epoch.EpochSchedule;
import dev.edgeweave.proof.merkle.MerkleTree;
import dev.edgeweave.proof.verify.CapLedger;
import dev.edgeweave.proof.verify.ClaimVerifier;
import dev.edgeweave.proof.verify.PublisherDirectory;
import dev.edgeweave.proof.verify.ReceiptRules;
import dev.edgeweave.proof.verify.Verdict;
import dev.edgeweave.proof.wire.Receipt;
import dev.edgeweave.proof.wire.SignedReceipt;
import dev.edgeweave.proof.wire.SignedToken;
import dev.edgeweave.proof.wire.TokenId;
import dev.edgeweave.proof.wire.ViewerToken;
import java.nio.ByteBuffer;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What bandwidth proof costs the tracker and the node, on one core.
 *
 * <ul>
 *   <li>{@code receiptDecodeVerify}: decode a 146-byte receipt and verify its viewer signature,
 *       with the viewer key decoded from its token as an audit does — versus
 *       {@code rawBouncyCastleVerify}, BouncyCastle's bare {@code Ed25519.verify} over the same
 *       82 bytes with the key as raw bytes: the baseline. The ratio is the library's overhead.</li>
 *   <li>{@code receiptFullCheck}: everything an audit checks for one leaf except the Merkle path:
 *       token decode, publisher signature, viewer signature, node, epoch, validity, cap.</li>
 *   <li>{@code claimBuild1M} / {@code claimVerify1M}: a claim over 1,000,000 receipts, built by
 *       the node (radix sort, hash, sign) and checked by the tracker (decode, node signature,
 *       window, caps); {@code claimRootRederive1M}: recomputing the root from all leaves.</li>
 * </ul>
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q -o -pl loadtest -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=/tmp/loadtest.cp
 * java -cp loadtest/target/classes:$(cat /tmp/loadtest.cp) org.openjdk.jmh.Main ReceiptVerify -f 1 -wi 2 -i 3
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ReceiptVerifyBenchmark {

    private static final int POOL = 1024;
    private static final int CLAIM_LEAVES = 1_000_000;
    private static final long EPOCH_MILLIS = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L;
    private static final long EPOCH = T0 / EPOCH_MILLIS;
    private static final EpochSchedule SCHEDULE = new EpochSchedule(0, EPOCH_MILLIS, 60_000, EPOCH_MILLIS);

    private Ed25519KeyPair node;
    private PublisherDirectory publishers;
    private byte[][] receiptBytes;
    private byte[][] tokenBytes;
    private byte[][] rawViewerKeys;
    private int next;

    private List<SignedReceipt> claimReceipts;
    private byte[] claimWire;
    private byte[] claimLeaves;
    private ClaimVerifier claimVerifier;

    /** A pool of distinct viewers, tokens and signed receipts, and a million-receipt epoch. */
    @Setup(Level.Trial)
    public void setUp() throws DecodeException {
        Ed25519KeyPair publisher = Ed25519KeyPair.fromSeed(fill(0x11));
        node = Ed25519KeyPair.fromSeed(fill(0x33));
        publishers = PublisherDirectory.of(Set.of(publisher.publicKey()));
        receiptBytes = new byte[POOL][];
        tokenBytes = new byte[POOL][];
        rawViewerKeys = new byte[POOL][];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < POOL; i++) {
            byte[] seed = new byte[32];
            ByteBuffer.wrap(seed).putLong(random.nextLong()).putLong(random.nextLong()).putInt(i);
            Ed25519KeyPair viewer = Ed25519KeyPair.fromSeed(seed);
            TokenId id = tokenId(random, i);
            SignedToken token = new ViewerToken(publisher.publicKey(), viewer.publicKey(), id, T0, T0 + 2 * EPOCH_MILLIS,
                    1L << 40).sign(publisher);
            tokenBytes[i] = token.encoded();
            receiptBytes[i] = new Receipt(id, node.publicKey(), EPOCH, 1 + i, 1_000_000L * i, T0 + 100_000)
                    .sign(viewer).encoded();
            rawViewerKeys[i] = viewer.publicKey().bytes();
        }
        claimReceipts = new ArrayList<>(CLAIM_LEAVES);
        for (int i = 0; i < CLAIM_LEAVES; i++) {
            // Dummy signatures: the claim builder hashes receipts, it does not re-verify them.
            Receipt r = new Receipt(tokenId(random, i), node.publicKey(), EPOCH, 1 + random.nextInt(1000),
                    random.nextLong(1L << 32), T0 + 100_000);
            claimReceipts.add(SignedReceipt.decode(Arrays.copyOf(r.encodeBody(), SignedReceipt.LENGTH)));
        }
        BuiltClaim built = build();
        claimWire = built.signedClaim().encoded();
        claimLeaves = new byte[CLAIM_LEAVES * SignedReceipt.LENGTH];
        for (int i = 0; i < CLAIM_LEAVES; i++) {
            built.leaves().get(i).copyTo(claimLeaves, i * SignedReceipt.LENGTH);
        }
        claimVerifier = new ClaimVerifier(SCHEDULE);
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (POOL - 1);
        return i;
    }

    /** Decode + verify one receipt, viewer key decoded from its token. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Receipt receiptDecodeVerify() throws DecodeException, SignatureException {
        int i = nextIndex();
        SignedReceipt r = SignedReceipt.decode(receiptBytes[i]);
        r.verify(Ed25519PublicKey.of(rawViewerKeys[i]));
        return r.receipt();
    }

    /** Baseline: BouncyCastle's bare verify of the same bytes. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public boolean rawBouncyCastleVerify() {
        int i = nextIndex();
        byte[] b = receiptBytes[i];
        boolean ok = org.bouncycastle.math.ec.rfc8032.Ed25519.verify(b, Receipt.BODY_LENGTH, rawViewerKeys[i], 0, b, 0,
                Receipt.BODY_LENGTH);
        if (!ok) {
            throw new IllegalStateException("benchmark receipt does not verify");
        }
        return ok;
    }

    /** Everything an audit checks for one leaf except the path: two signatures and the rules. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict receiptFullCheck() throws DecodeException {
        int i = nextIndex();
        Verdict v = ReceiptRules.check(SignedReceipt.decode(receiptBytes[i]), SignedToken.decode(tokenBytes[i]),
                node.publicKey(), EPOCH, SCHEDULE, publishers);
        if (!v.isAccepted()) {
            throw new IllegalStateException(v.toString());
        }
        return v;
    }

    /** Node side: sort, hash and sign a claim over a million receipts. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public BuiltClaim claimBuild1M() {
        return build();
    }

    /** Tracker side: decode, node signature, epoch window, per-entry and cross-node caps. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public CapLedger.Result claimVerify1M() {
        ClaimVerifier.Result r = claimVerifier.check(claimWire, node.publicKey(), SCHEDULE.claimsOpenAt(EPOCH) + 1);
        if (!r.verdict().isAccepted()) {
            throw new IllegalStateException(r.verdict().toString());
        }
        return CapLedger.check(r.claim().claim(), id -> 0L);
    }

    /** Anyone holding all leaves: recompute the Merkle root. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] claimRootRederive1M() {
        return MerkleTree.buildFixed(claimLeaves, SignedReceipt.LENGTH, CLAIM_LEAVES).root();
    }

    private BuiltClaim build() {
        return ClaimBuilder.build(node, EPOCH, claimReceipts, id -> OptionalLong.of(1L << 40));
    }

    private static TokenId tokenId(SplittableRandom random, int i) {
        return TokenId.of(ByteBuffer.allocate(16).putLong(random.nextLong()).putInt(i).putInt(random.nextInt()).array());
    }

    private static byte[] fill(int b) {
        byte[] out = new byte[32];
        Arrays.fill(out, (byte) b);
        return out;
    }
}
