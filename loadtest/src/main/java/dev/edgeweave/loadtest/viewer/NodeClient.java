package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.report.Stats;
import dev.edgeweave.proof.viewer.DigestCheck;
import dev.edgeweave.proof.wire.ReceiptBatch;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A viewer's way to the nodes: resolves through its {@link Steering}, keeps one keep-alive
 * {@link HttpConn} per node, and gets a path with failover — a failed attempt (connect error, timeout,
 * non-2xx, digest mismatch) is retried at once on the next node of a fresh answer, and the failed node
 * is avoided for {@value #AVOID_SECONDS} s. Counts what it receives (bytes, hits, verified bytes into
 * the {@link ReceiptBook}) and posts the receipts owed to a node. Remembers every change of serving
 * node and of DNS answer for the fault report. Used on the viewer's event loop only.
 */
final class NodeClient {

    static final int AVOID_SECONDS = 10;

    /** The outcome of one get, after every attempt. */
    interface Done {
        void ok(InetSocketAddress node, Response r, int attempt);

        void failed(String why);
    }

    private final CrowdContext ctx;
    private final Stats stats;
    private final EventLoop loop;
    private final InetAddress source;
    private final Steering steering;
    private final ReceiptBook book;
    private final BooleanSupplier stopping;
    private final Runnable budgetSpent;
    private final Map<InetSocketAddress, HttpConn> conns = new HashMap<>();
    private final Map<InetAddress, Long> avoidUntil = new HashMap<>();
    private final List<ViewerResult.Switch> switches = new ArrayList<>();
    private final List<ViewerResult.AnswerChange> answers = new ArrayList<>();
    private List<String> lastAnswer = List.of();
    private volatile String currentNode;
    private volatile long lastOkNanos;

    /**
     * @param book the viewer's receipts, or null for a viewer without a token
     * @param stopping whether the viewer is stopping (then callbacks are dropped)
     * @param budgetSpent called when the request budget runs out
     */
    NodeClient(CrowdContext ctx, EventLoop loop, InetAddress source, Steering steering, ReceiptBook book,
               BooleanSupplier stopping, Runnable budgetSpent) {
        this.ctx = ctx;
        this.stats = ctx.stats;
        this.loop = loop;
        this.source = source;
        this.steering = steering;
        this.book = book;
        this.stopping = stopping;
        this.budgetSpent = budgetSpent;
    }

    /** GETs {@code path}, with failover; {@code keepBody} keeps the body (playlists). */
    void get(String path, boolean keepBody, Done done) {
        fetch(path, keepBody, 0, new HashSet<>(), false, done);
    }

    String currentNode() {
        return currentNode;
    }

    long lastOkNanos() {
        return lastOkNanos;
    }

    List<ViewerResult.Switch> switches() {
        return List.copyOf(switches);
    }

    List<ViewerResult.AnswerChange> answers() {
        return List.copyOf(answers);
    }

    /** Closes every connection (an exchange in flight fails; its callback is dropped while stopping). */
    void closeAll() {
        conns.values().forEach(HttpConn::close);
        conns.clear();
    }

    private void fetch(String path, boolean keepBody, int attempt, Set<InetAddress> tried, boolean fresh, Done done) {
        if (stopping.getAsBoolean()) {
            return;
        }
        steering.resolve(fresh).whenComplete((answer, err) -> {
            if (stopping.getAsBoolean()) {
                return;
            }
            if (err != null) {
                stats.dnsErrors.increment();
                answer = steering instanceof DnsSteering d ? d.lastAnswer() : null;
                if (answer == null) {
                    failed(null, path, keepBody, attempt, tried, done, "dns", err.getMessage());
                    return;
                }
            }
            noteAnswer(answer);
            InetAddress pick = pick(answer, tried);
            if (pick == null) {
                // every node of the answer failed this request: wait a little, then start over with a fresh answer
                loop.schedule(() -> fetch(path, keepBody, attempt, new HashSet<>(), true, done), 500L * (attempt + 1),
                        TimeUnit.MILLISECONDS);
                return;
            }
            send(new InetSocketAddress(pick, ctx.port), path, keepBody, attempt, tried, done);
        });
    }

    private InetAddress pick(List<InetAddress> answer, Set<InetAddress> tried) {
        long now = ctx.nanos.getAsLong();
        InetAddress fallback = null;
        for (InetAddress a : answer) {
            if (tried.contains(a)) {
                continue;
            }
            Long until = avoidUntil.get(a);
            if (until == null || now - until >= 0) {
                return a;
            }
            if (fallback == null) {
                fallback = a;
            }
        }
        return fallback;
    }

    private void send(InetSocketAddress node, String path, boolean keepBody, int attempt, Set<InetAddress> tried,
                      Done done) {
        if (!ctx.takeRequest()) {
            budgetSpent.run();
            return;
        }
        conn(node).whenComplete((c, err) -> {
            if (stopping.getAsBoolean()) {
                return;
            }
            if (err != null) {
                failed(node, path, keepBody, attempt, tried, done, "connect", err.getMessage());
                return;
            }
            stats.requests.increment();
            stats.node(key(node)).requests.increment();
            c.send(HttpConn.request(HttpMethod.GET, path, ctx.hostHeader, book == null ? null : book.tokenHeader(),
                    null, null), keepBody, ctx.timeoutNanos, ctx.nanos.getAsLong()).whenComplete((r, e2) -> {
                        if (stopping.getAsBoolean()) {
                            return;
                        }
                        if (e2 != null) {
                            failed(node, path, keepBody, attempt, tried, done,
                                    e2 instanceof TimeoutException ? "timeout" : "connection", e2.getMessage());
                        } else if (!r.ok()) {
                            failed(node, path, keepBody, attempt, tried, done, "http " + r.status(), r.text());
                        } else if (r.digest() == DigestCheck.MISMATCH) {
                            stats.digestMismatches.increment();
                            failed(node, path, keepBody, attempt, tried, done, "digest mismatch", null);
                        } else {
                            account(node, r);
                            done.ok(node, r, attempt);
                        }
                    });
        });
    }

    private void failed(InetSocketAddress node, String path, boolean keepBody, int attempt, Set<InetAddress> tried,
                        Done done, String kind, String detail) {
        stats.error(kind);
        if (node != null) {
            stats.node(key(node)).errors.increment();
            avoidUntil.put(node.getAddress(), ctx.nanos.getAsLong() + TimeUnit.SECONDS.toNanos(AVOID_SECONDS));
            tried.add(node.getAddress());
        }
        if (attempt + 1 >= ctx.config.attempts()) {
            done.failed(kind + (node == null ? "" : " from " + key(node)) + (detail == null ? "" : ": " + detail));
        } else {
            fetch(path, keepBody, attempt + 1, tried, true, done);
        }
    }

    private CompletableFuture<HttpConn> conn(InetSocketAddress node) {
        HttpConn c = conns.get(node);
        if (c != null && c.usable()) {
            return CompletableFuture.completedFuture(c);
        }
        if (c != null) {
            c.close();
            conns.remove(node);
        }
        return HttpConn.connect(ctx.bootstrap.clone(loop), node, new InetSocketAddress(source, 0), ctx.nanos)
                .thenApply(n -> {
                    HttpConn old = conns.put(node, n);
                    if (old != null && old != n) {
                        old.close();
                    }
                    return n;
                });
    }

    private void account(InetSocketAddress node, Response r) {
        String key = key(node);
        Stats.NodeCounters nc = stats.node(key);
        stats.bytes.add(r.bodyBytes());
        nc.bytes.add(r.bodyBytes());
        (r.hit() ? nc.hits : nc.misses).increment();
        stats.nodeId(key, r.nodeId());
        long now = ctx.nanos.getAsLong();
        if (!key.equals(currentNode)) {
            switches.add(new ViewerResult.Switch(now, currentNode, key));
            currentNode = key;
        }
        lastOkNanos = now;
        if (r.digest() == DigestCheck.VERIFIED) {
            stats.verifiedBytes.add(r.bodyBytes());
            if (book != null && validNode(r.nodeId()) && r.epoch() >= 0) {
                book.count(r.nodeId().strip().toLowerCase(Locale.ROOT), r.epoch(), node, r.bodyBytes());
            } else {
                stats.unreceiptableBytes.add(r.bodyBytes());
            }
        } else {
            stats.unverifiedBytes.add(r.bodyBytes());
        }
    }

    private static boolean validNode(String id) {
        return id != null && id.strip().matches("[0-9a-fA-F]{64}");
    }

    private void noteAnswer(List<InetAddress> answer) {
        List<String> now = answer.stream().map(InetAddress::getHostAddress).toList();
        if (!now.equals(lastAnswer)) {
            lastAnswer = now;
            answers.add(new ViewerResult.AnswerChange(ctx.nanos.getAsLong(), now));
        }
    }

    /**
     * Posts the receipts owed to {@code node}, if any, then runs {@code then} whatever the outcome. The
     * final flush ({@code last}) is not charged to the request budget: a spent budget must not leave
     * verified bytes unreceipted.
     */
    void postReceipts(InetSocketAddress node, boolean last, Runnable then) {
        ReceiptBook.Batch batch = book == null ? null : book.take(node);
        if (batch == null || !last && !ctx.takeRequest()) {
            then.run();
            return;
        }
        conn(node).whenComplete((c, err) -> {
            if (err != null) {
                stats.receiptBatchesFailed.increment();
                then.run();
                return;
            }
            stats.requests.increment();
            c.send(HttpConn.request(HttpMethod.POST, ReceiptBatch.PATH, ctx.hostHeader, book.tokenHeader(),
                    batch.body(), ReceiptBatch.CONTENT_TYPE), true, ctx.timeoutNanos, ctx.nanos.getAsLong())
                    .whenComplete((r, e2) -> {
                        if (e2 != null) {
                            stats.receiptBatchesFailed.increment();
                        } else if (r.ok()) {
                            book.acked(batch);
                            stats.receiptBatchesOk.increment();
                        } else {
                            ReceiptAnswer answer = ReceiptAnswer.parse(r.status(), r.body());
                            book.acked(batch, answer.accepted());
                            stats.receiptRefused(answer.why());
                        }
                        then.run();
                    });
        });
    }

    /** Nodes still owed receipts. */
    List<InetSocketAddress> owed() {
        return book == null ? List.of() : book.pendingAddresses();
    }

    static String key(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
