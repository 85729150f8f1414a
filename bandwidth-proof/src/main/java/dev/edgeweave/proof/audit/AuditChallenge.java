package dev.edgeweave.proof.audit;

import dev.edgeweave.proof.codec.DecodeException;
import dev.edgeweave.proof.codec.Reader;
import dev.edgeweave.proof.codec.StructType;
import dev.edgeweave.proof.codec.Writer;
import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.proof.crypto.Sha256;
import dev.edgeweave.proof.wire.SignedClaim;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The tracker's audit of one recorded claim: the leaf indexes the node must open.
 *
 * <p>The indexes are a deterministic function of the claim's digest and a 32-byte
 * {@code beacon} that the tracker draws <em>after</em> recording the claim ({@link #draw}), so the
 * node cannot know which leaves will be asked when it claims, and anyone can recompute them.
 *
 * <p><b>Catch probability.</b> If a fraction {@code f = m/n} of a claim's {@code n} leaves are fake
 * (no valid signed receipt stands behind them) and {@code k} distinct leaves are sampled, the
 * audit catches the claim with probability {@code 1 - C(n-m, k) / C(n, k)} (hypergeometric,
 * {@link #catchProbability}), which is at least {@code 1 - (1-f)^k}. With {@code k = 30}: 5 % fake
 * leaves are caught 78.5 % of the time, 10 % fake 95.8 %, 20 % fake 99.9 %. One caught leaf voids
 * the whole claim, so padding never pays: it multiplies the pay by {@code 1/(1-f)} but keeps it
 * with probability at most {@code (1-f)^k}, an expected {@code (1-f)^(k-1)} of the honest pay.
 *
 * @param node the claiming node
 * @param epoch the claim's epoch
 * @param claimDigest SHA-256 of the encoded signed claim (32 bytes)
 * @param beacon randomness chosen after the claim was recorded (32 bytes)
 * @param leafCount the claim's leaf count
 * @param indexes the distinct leaf indexes to open, ascending
 */
public record AuditChallenge(Ed25519PublicKey node, long epoch, byte[] claimDigest, byte[] beacon, int leafCount,
                             int[] indexes) {

    /** Media type of an encoded challenge in HTTP bodies. */
    public static final String CONTENT_TYPE = "application/vnd.edgeweave.audit-challenge";
    /** Encoding version. */
    public static final int VERSION = 1;
    /** Most indexes one challenge may ask for. */
    public static final int MAX_SAMPLES = 4096;

    private static final byte[] DRAW_DOMAIN = "edgeweave/audit/v1".getBytes(StandardCharsets.US_ASCII);

    /** Validates the fields and takes defensive copies. */
    public AuditChallenge {
        Objects.requireNonNull(node, "node");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 0)");
        }
        claimDigest = check32(claimDigest, "claimDigest");
        beacon = check32(beacon, "beacon");
        if (leafCount < 1) {
            throw new IllegalArgumentException("leafCount: " + leafCount + " (expected: >= 1)");
        }
        Objects.requireNonNull(indexes, "indexes");
        indexes = indexes.clone();
        if (indexes.length > Math.min(MAX_SAMPLES, leafCount)) {
            throw new IllegalArgumentException("indexes: " + indexes.length + " (expected: <= "
                    + Math.min(MAX_SAMPLES, leafCount) + ")");
        }
        for (int i = 0; i < indexes.length; i++) {
            if (indexes[i] < 0 || indexes[i] >= leafCount) {
                throw new IllegalArgumentException("indexes[" + i + "]: " + indexes[i] + " (expected: 0.."
                        + (leafCount - 1) + ")");
            }
            if (i > 0 && indexes[i] <= indexes[i - 1]) {
                throw new IllegalArgumentException("indexes[" + i + "]: " + indexes[i] + " (expected: > "
                        + indexes[i - 1] + "; strictly ascending)");
            }
        }
    }

    /** A fresh 32-byte beacon; draw it only after the claim is recorded. */
    public static byte[] newBeacon(java.security.SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    /** The challenge for {@code claim} with {@code k} samples drawn from {@code beacon}. */
    public static AuditChallenge forClaim(SignedClaim claim, byte[] beacon, int k) {
        byte[] digest = claim.digest();
        int n = claim.claim().leafCount();
        return new AuditChallenge(claim.claim().node(), claim.claim().epoch(), digest, beacon, n,
                draw(digest, beacon, k, n));
    }

    /**
     * Draws {@code min(k, leafCount)} distinct leaf indexes, ascending, deterministically:
     * <pre>
     * seed  = SHA-256("edgeweave/audit/v1" || claimDigest || beacon)
     * block = SHA-256(seed || u32 counter), counter = 0, 1, 2, ...
     * each block gives four unsigned big-endian 64-bit values v; a value is rejected if
     * v >= 2^64 - (2^64 mod n) (no modulo bias), else x = v mod n is taken unless already taken.
     * </pre>
     */
    public static int[] draw(byte[] claimDigest, byte[] beacon, int k, int leafCount) {
        check32(claimDigest, "claimDigest");
        check32(beacon, "beacon");
        if (k < 1 || k > MAX_SAMPLES) {
            throw new IllegalArgumentException("k: " + k + " (expected: 1.." + MAX_SAMPLES + ")");
        }
        if (leafCount < 1) {
            throw new IllegalArgumentException("leafCount: " + leafCount + " (expected: >= 1)");
        }
        int want = Math.min(k, leafCount);
        MessageDigest md = Sha256.newDigest();
        md.update(DRAW_DOMAIN);
        md.update(claimDigest);
        md.update(beacon);
        byte[] seed = md.digest();
        long n = leafCount;
        long r = Long.remainderUnsigned(Long.remainderUnsigned(-1L, n) + 1, n); // 2^64 mod n
        TreeSet<Integer> chosen = new TreeSet<>();
        for (int counter = 0; chosen.size() < want; counter++) {
            md.update(seed);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            byte[] block = md.digest();
            for (int j = 0; j < 4 && chosen.size() < want; j++) {
                long v = 0;
                for (int b = 0; b < 8; b++) {
                    v = (v << 8) | (block[j * 8 + b] & 0xff);
                }
                if (r != 0 && Long.compareUnsigned(v, -r) >= 0) {
                    continue;
                }
                chosen.add((int) Long.remainderUnsigned(v, n));
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Exact probability that sampling {@code k} distinct leaves out of {@code leafCount} hits at
     * least one of {@code fakeLeaves}: {@code 1 - C(n-m, k) / C(n, k)}.
     */
    public static double catchProbability(int leafCount, int fakeLeaves, int k) {
        if (leafCount < 1 || fakeLeaves < 0 || fakeLeaves > leafCount || k < 0) {
            throw new IllegalArgumentException("leafCount " + leafCount + ", fakeLeaves " + fakeLeaves + ", k " + k
                    + " (expected: 0 <= fakeLeaves <= leafCount, k >= 0)");
        }
        int samples = Math.min(k, leafCount);
        double miss = 1.0;
        for (int i = 0; i < samples; i++) {
            miss *= (double) (leafCount - fakeLeaves - i) / (leafCount - i);
            if (miss <= 0) {
                return 1.0;
            }
        }
        return 1.0 - miss;
    }

    /** Probability with replacement, {@code 1 - (1-f)^k}: a lower bound of {@link #catchProbability}. */
    public static double catchProbabilityWithReplacement(double fakeFraction, int k) {
        return 1.0 - Math.pow(1.0 - fakeFraction, k);
    }

    /** A copy of the claim digest. */
    @Override
    public byte[] claimDigest() {
        return claimDigest.clone();
    }

    /** A copy of the beacon. */
    @Override
    public byte[] beacon() {
        return beacon.clone();
    }

    /** A copy of the indexes. */
    @Override
    public int[] indexes() {
        return indexes.clone();
    }

    /** Number of indexes asked. */
    public int sampleCount() {
        return indexes.length;
    }

    /** Encodes: see {@code docs/protocol.md} §Audit challenge. */
    public byte[] encode() {
        Writer w = new Writer(2 + 32 + 8 + 32 + 32 + 4 + 4 + 4 * indexes.length);
        w.header(StructType.AUDIT_CHALLENGE, VERSION);
        w.raw(node.bytes()).i64(epoch).raw(claimDigest).raw(beacon).u32(leafCount).u32(indexes.length);
        for (int i : indexes) {
            w.u32(i);
        }
        return w.toByteArray();
    }

    /**
     * Decodes a challenge.
     *
     * @throws DecodeException naming the field that is wrong
     */
    public static AuditChallenge decode(byte[] bytes) throws DecodeException {
        Reader r = new Reader(bytes, "auditChallenge");
        r.header(StructType.AUDIT_CHALLENGE, VERSION);
        Ed25519PublicKey node = Ed25519PublicKey.of(r.raw(32, "node"));
        long epoch = r.i64AtLeast("epoch", 0);
        byte[] digest = r.raw(32, "claimDigest");
        byte[] beacon = r.raw(32, "beacon");
        int n = r.u32("leafCount");
        if (n < 1) {
            throw r.fail("leafCount", n + " (expected: >= 1)");
        }
        int k = r.u32("count");
        if (k > Math.min(MAX_SAMPLES, n)) {
            throw r.fail("count", k + " (expected: <= " + Math.min(MAX_SAMPLES, n) + ")");
        }
        int[] idx = new int[k];
        for (int i = 0; i < k; i++) {
            idx[i] = r.u32("indexes[" + i + "]");
        }
        r.expectEnd();
        try {
            return new AuditChallenge(node, epoch, digest, beacon, n, idx);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("auditChallenge." + e.getMessage(), e);
        }
    }

    private static byte[] check32(byte[] b, String field) {
        Objects.requireNonNull(b, field);
        if (b.length != 32) {
            throw new IllegalArgumentException(field + ": " + b.length + " bytes (expected: 32)");
        }
        return b.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditChallenge c && c.node.equals(node) && c.epoch == epoch && c.leafCount == leafCount
                && Arrays.equals(c.claimDigest, claimDigest) && Arrays.equals(c.beacon, beacon)
                && Arrays.equals(c.indexes, indexes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(claimDigest) * 31 + Arrays.hashCode(indexes);
    }

    @Override
    public String toString() {
        return "AuditChallenge[node=" + node.shortHex() + ", epoch=" + epoch + ", claim="
                + HexFormat.of().formatHex(claimDigest) + ", leafCount=" + leafCount + ", indexes="
                + Arrays.toString(indexes) + "]";
    }
}
