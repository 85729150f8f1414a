package dev.edgeweave.loadtest;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One load test, validated once (the CLI parses its flags into this). Every run is bounded both by
 * time ({@link #duration}) and by count ({@link #viewers}, {@link #maxRequests}).
 *
 * @param url the stream as viewers name it: {@code http://HOST[:PORT]/path/index.m3u8}, HOST the
 *     publisher's hostname (the port is every node's port)
 * @param dns resolve HOST through this DNS server (the tracker's), from each viewer's own source
 *     address; null when {@link #target} is set
 * @param target connect here instead of resolving (one node, no steering); null when {@link #dns} is set
 * @param api the tracker API (own origin registration, rewards, drains), or null
 * @param viewers simultaneous viewers, 1–100,000
 * @param duration how long the crowd watches, 1 s – 24 h
 * @param maxRequests the most HTTP requests the crowd sends in all, {@code >= 1}
 * @param ramp viewers join evenly over this time, {@code >= 0} and below {@link #duration}
 * @param pace {@link Pace#REALTIME} (segments at the stream's pace, rebuffers counted) or {@link Pace#MAX}
 * @param buffer how far ahead of the playhead a real-time viewer asks for the next segment, 0–60 s
 * @param streams with an own origin: how many copies of the clip it serves (Zipf popularity), 1–10,000;
 *     else 1
 * @param zipf Zipf exponent of stream popularity, {@code >= 0}
 * @param seed seeds stream choice, so the same flags give the same crowd
 * @param regions viewer source addresses spread over {@code 127.0.(r+1).0/24} for r below this, 1–254
 *     (devnet steering puts each /24 in its own region)
 * @param timeout for one HTTP exchange or DNS query, 100 ms – 10 min
 * @param attempts tries per segment, each on the next node of the DNS answer, 1–10
 * @param threads viewer event-loop threads, 1–64
 * @param receipts whether viewers sign and post receipts (needs {@link #publisherKey} or an own origin)
 * @param publisherKey the publisher's key file, to issue viewer tokens; null without receipts or with
 *     an own origin (which registers its own publisher)
 * @param ownOrigin serve the clip from the load generator itself (see {@link OwnOrigin}), or null
 * @param nodes the network's nodes, by index, for fault injection and reports (may be empty)
 * @param faults what to break, and when
 * @param awaitRewards after the run, how long to wait for the tracker to settle the epochs' rewards
 *     (0: report whatever is there at once)
 * @param json also write the report as JSON here, or null
 */
public record LoadConfig(URI url, InetSocketAddress dns, InetSocketAddress target, URI api, int viewers,
                         Duration duration, long maxRequests, Duration ramp, Pace pace, Duration buffer, int streams,
                         double zipf, long seed, int regions, Duration timeout, int attempts, int threads,
                         boolean receipts, Path publisherKey, OwnOrigin ownOrigin, List<NodeRef> nodes,
                         List<Fault> faults, Duration awaitRewards, Path json) {

    /** How fast viewers fetch. */
    public enum Pace { REALTIME, MAX }

    /**
     * The load generator serves the clip itself and registers it with the tracker as publisher
     * {@code name}, so it can make the origin fail or slow down and can offer many streams.
     *
     * @param clip an HLS media playlist: a directory holding {@code index.m3u8} and its segments, or an
     *     {@code http://} URL of the playlist (e.g. the devnet's sample stream)
     * @param name the publisher name to register (the hostname becomes {@code name.ZONE})
     * @param key the publisher key file: read if it exists, else written with a new key (so later runs may
     *     re-point the same name); null: a new key for this run only
     */
    public record OwnOrigin(String clip, String name, Path key) {
        /** Validates the fields. */
        public OwnOrigin {
            Objects.requireNonNull(clip, "--clip: missing (expected: a directory with index.m3u8, or its URL)");
            if (name == null || !name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
                throw new IllegalArgumentException("--publisher-name: '" + name
                        + "' (expected: one DNS label of a-z 0-9 -)");
            }
        }
    }

    /**
     * A node of the network under test.
     *
     * @param id its id (64 hex), or null if unknown
     * @param url its viewer URL {@code http://IP:PORT}
     */
    public record NodeRef(String id, URI url) {
        /** Validates the url. */
        public NodeRef {
            Objects.requireNonNull(url, "node url");
            if (url.getHost() == null || url.getPort() < 0) {
                throw new IllegalArgumentException("node url: '" + url + "' (expected: http://IP:PORT)");
            }
        }

        /** {@code ip:port}, the key viewers' per-node counters use. */
        public String address() {
            return url.getHost() + ":" + url.getPort();
        }
    }

    /** Something to break during the run. */
    public enum FaultKind { KILL_NODE, DRAIN_NODE, ORIGIN_FAIL, ORIGIN_SLOW, ORIGIN_RECOVER }

    /**
     * A fault at {@code at} after the crowd starts.
     *
     * @param node the node index for node faults, else -1
     * @param delay the added delay for {@link FaultKind#ORIGIN_SLOW}, else zero
     */
    public record Fault(Duration at, FaultKind kind, int node, Duration delay) {
        /** Validates the fields. */
        public Fault {
            Objects.requireNonNull(at, "fault time");
            Objects.requireNonNull(kind, "fault kind");
            Objects.requireNonNull(delay, "fault delay");
            if (at.isNegative()) {
                throw new IllegalArgumentException(flag(kind) + ": " + at + " (expected: >= 0)");
            }
            boolean nodeFault = kind == FaultKind.KILL_NODE || kind == FaultKind.DRAIN_NODE;
            if (nodeFault != (node >= 0)) {
                throw new IllegalArgumentException(flag(kind) + ": node " + node
                        + (nodeFault ? " (expected: a node index >= 0)" : " (expected: -1, not a node fault)"));
            }
            if (kind == FaultKind.ORIGIN_SLOW && (delay.isNegative() || delay.isZero())) {
                throw new IllegalArgumentException("--origin-delay: " + delay + " (expected: > 0)");
            }
        }

        /** The CLI flag that asks for this fault. */
        public static String flag(FaultKind kind) {
            return switch (kind) {
                case KILL_NODE -> "--kill-node-at";
                case DRAIN_NODE -> "--drain-node-at";
                case ORIGIN_FAIL -> "--origin-fail-at";
                case ORIGIN_SLOW -> "--origin-slow-at";
                case ORIGIN_RECOVER -> "--origin-recover-at";
            };
        }
    }

    /** Validates every field, naming the flag. */
    public LoadConfig {
        Objects.requireNonNull(url, "--url: missing (expected: http://HOST[:PORT]/path/index.m3u8)");
        if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getRawPath() == null
                || url.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("--url: '" + url + "' (expected: http://HOST[:PORT]/path/index.m3u8)");
        }
        if ((dns == null) == (target == null)) {
            throw new IllegalArgumentException("--dns / --target: " + (dns == null ? "neither" : "both")
                    + " given (expected: exactly one: the DNS server to steer through, or a fixed node address)");
        }
        range("--viewers", viewers, 1, 100_000);
        Objects.requireNonNull(duration, "--duration");
        if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("--duration: " + duration + " (expected: 1 s to 24 h)");
        }
        if (maxRequests < 1) {
            throw new IllegalArgumentException("--max-requests: " + maxRequests + " (expected: >= 1)");
        }
        Objects.requireNonNull(ramp, "--ramp");
        if (ramp.isNegative() || ramp.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--ramp: " + ramp + " (expected: >= 0 and < --duration " + duration
                    + ")");
        }
        Objects.requireNonNull(pace, "--pace");
        Objects.requireNonNull(buffer, "--buffer");
        if (buffer.isNegative() || buffer.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("--buffer: " + buffer + " (expected: 0 to 60 s)");
        }
        range("--streams", streams, 1, 10_000);
        if (streams > 1 && ownOrigin == null) {
            throw new IllegalArgumentException("--streams: " + streams
                    + " (expected: 1 without --own-origin; only the load generator's own origin serves several)");
        }
        if (!(zipf >= 0) || Double.isInfinite(zipf)) {
            throw new IllegalArgumentException("--zipf: " + zipf + " (expected: >= 0)");
        }
        range("--regions", regions, 1, 254);
        Objects.requireNonNull(timeout, "--timeout");
        if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("--timeout: " + timeout + " (expected: 100 ms to 10 min)");
        }
        range("--attempts", attempts, 1, 10);
        range("--threads", threads, 1, 64);
        if (receipts && publisherKey == null && ownOrigin == null) {
            throw new IllegalArgumentException("--receipts: no publisher key (expected: --publisher-key FILE to issue"
                    + " viewer tokens, or --own-origin, or --no-receipts)");
        }
        if (ownOrigin != null && api == null) {
            throw new IllegalArgumentException("--own-origin: no tracker API (expected: --api URL to register the"
                    + " origin as a publisher)");
        }
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        faults = List.copyOf(faults == null ? List.of() : faults);
        for (Fault f : faults) {
            if (f.at().compareTo(duration) >= 0) {
                throw new IllegalArgumentException(Fault.flag(f.kind()) + ": " + f.at() + " (expected: < --duration "
                        + duration + ")");
            }
            if (f.node() >= nodes.size()) {
                throw new IllegalArgumentException(Fault.flag(f.kind()) + ": node " + f.node() + " (expected: 0.."
                        + (nodes.size() - 1) + ", the network has " + nodes.size() + " known nodes)");
            }
            boolean originFault = f.kind() == FaultKind.ORIGIN_FAIL || f.kind() == FaultKind.ORIGIN_SLOW
                    || f.kind() == FaultKind.ORIGIN_RECOVER;
            if (originFault && ownOrigin == null) {
                throw new IllegalArgumentException(Fault.flag(f.kind()) + ": needs --own-origin (expected: the load"
                        + " generator can only fail or slow an origin it runs)");
            }
        }
        Objects.requireNonNull(awaitRewards, "--await-rewards");
        if (awaitRewards.isNegative()) {
            throw new IllegalArgumentException("--await-rewards: " + awaitRewards + " (expected: >= 0)");
        }
    }

    private static void range(String flag, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(flag + ": " + v + " (expected: " + min + " to " + max + ")");
        }
    }

    /** The publisher hostname viewers ask for. */
    public String host() {
        return url.getHost();
    }

    /** The port every node serves on. */
    public int port() {
        return url.getPort() < 0 ? 80 : url.getPort();
    }

    /** A builder with the defaults of {@code edgeweave loadtest}. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** Builds a {@link LoadConfig}; {@link #build()} validates. */
    public static final class Builder {
        private URI url;
        private InetSocketAddress dns;
        private InetSocketAddress target;
        private URI api;
        private int viewers = 50;
        private Duration duration = Duration.ofSeconds(30);
        private long maxRequests = 10_000_000;
        private Duration ramp = Duration.ofSeconds(5);
        private Pace pace = Pace.REALTIME;
        private Duration buffer = Duration.ofSeconds(4);
        private int streams = 1;
        private double zipf = 1.0;
        private long seed = 1;
        private int regions = 1;
        private Duration timeout = Duration.ofSeconds(10);
        private int attempts = 3;
        private int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        private boolean receipts = true;
        private Path publisherKey;
        private OwnOrigin ownOrigin;
        private List<NodeRef> nodes = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();
        private Duration awaitRewards = Duration.ZERO;
        private Path json;

        private Builder(URI url) {
            this.url = url;
        }

        public Builder url(URI v) { url = v; return this; }
        public Builder dns(InetSocketAddress v) { dns = v; return this; }
        public Builder target(InetSocketAddress v) { target = v; return this; }
        public Builder api(URI v) { api = v; return this; }
        public Builder viewers(int v) { viewers = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder maxRequests(long v) { maxRequests = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder pace(Pace v) { pace = v; return this; }
        public Builder buffer(Duration v) { buffer = v; return this; }
        public Builder streams(int v) { streams = v; return this; }
        public Builder zipf(double v) { zipf = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder regions(int v) { regions = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder attempts(int v) { attempts = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder receipts(boolean v) { receipts = v; return this; }
        public Builder publisherKey(Path v) { publisherKey = v; return this; }
        public Builder ownOrigin(OwnOrigin v) { ownOrigin = v; return this; }
        public Builder nodes(List<NodeRef> v) { nodes = new ArrayList<>(v); return this; }
        public Builder fault(Fault v) { faults.add(v); return this; }
        public Builder awaitRewards(Duration v) { awaitRewards = v; return this; }
        public Builder json(Path v) { json = v; return this; }

        /** Validates and builds. */
        public LoadConfig build() {
            return new LoadConfig(url, dns, target, api, viewers, duration, maxRequests, ramp, pace, buffer, streams,
                    zipf, seed, regions, timeout, attempts, threads, receipts, publisherKey, ownOrigin, nodes, faults,
                    awaitRewards, json);
        }
    }
}
