package dev.edgeweave.loadtest.viewer;

import dev.edgeweave.loadtest.LoadConfig.Pace;
import dev.edgeweave.loadtest.hls.Playlist;
import dev.edgeweave.loadtest.report.Stats;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One viewer, a state machine on its event loop: pick a stream (Zipf), fetch the playlist, then its
 * segments at the stream's pace (or as fast as possible), and post a signed cumulative receipt to the
 * serving node after each segment. Requests, failover, verification and receipts are the
 * {@link NodeClient}'s; the playback clock is {@link Playback}.
 */
final class Viewer {

    private final int index;
    private final CrowdContext ctx;
    private final Stats stats;
    private final EventLoop loop;
    private final InetAddress source;
    private final ReceiptBook book;
    private final SplittableRandom random;
    private final NodeClient nodes;
    private final CompletableFuture<ViewerResult> finished = new CompletableFuture<>();

    private String streamPath;
    private Playlist playlist;
    private int next;
    private long nextSequence;
    private Playback playback;
    private long streamRequestedAt;
    private boolean started;
    private boolean stopping;
    private boolean finishing;
    private io.netty.util.concurrent.ScheduledFuture<?> timer;
    private long segmentsOk;
    private long segmentsFailed;
    private int rebuffers;

    Viewer(int index, CrowdContext ctx, EventLoop loop, InetAddress source, Steering steering, ReceiptBook book,
           SplittableRandom random) {
        this.index = index;
        this.ctx = ctx;
        this.stats = ctx.stats;
        this.loop = loop;
        this.source = source;
        this.book = book;
        this.random = random;
        this.nodes = new NodeClient(ctx, loop, source, steering, book, () -> stopping, this::stop);
    }

    /** Starts watching (call from any thread). */
    void start() {
        loop.execute(() -> {
            if (stopping) {
                return; // the run ended before this viewer's turn in the ramp
            }
            started = true;
            stats.activeViewers.increment();
            nextStream();
        });
    }

    /** The node of the last good segment ({@code ip:port}), or null. */
    String currentNode() {
        return nodes.currentNode();
    }

    /** Stops, posts the receipts still owed, closes connections; the future completes with the story. */
    CompletableFuture<ViewerResult> finish() {
        loop.execute(() -> {
            if (finishing) {
                return;
            }
            finishing = true;
            stop();
            nodes.closeAll();
            flushReceipts(nodes.owed(), 0);
        });
        return finished;
    }

    boolean stopping() {
        return stopping;
    }

    private void stop() {
        if (!stopping) {
            stopping = true;
            if (started) {
                stats.activeViewers.decrement();
            }
        }
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void flushReceipts(List<InetSocketAddress> targets, int i) {
        if (i >= targets.size()) {
            nodes.closeAll();
            finished.complete(result());
            return;
        }
        nodes.postReceipts(targets.get(i), true, () -> flushReceipts(targets, i + 1));
    }

    private ViewerResult result() {
        return new ViewerResult(index, source.getHostAddress(), nodes.currentNode(), nodes.lastOkNanos(), segmentsOk,
                segmentsFailed, rebuffers, nodes.switches(), nodes.answers(), book == null ? Map.of() : book.counted(),
                book == null ? Map.of() : book.acked());
    }

    private void schedule(long atNanos, Runnable task) {
        if (stopping) {
            return;
        }
        long delay = atNanos - ctx.nanos.getAsLong();
        if (delay <= 0) {
            task.run();
        } else {
            timer = loop.schedule(() -> {
                timer = null;
                task.run();
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    // --- streams and playlists ---------------------------------------------------------------

    private void nextStream() {
        if (stopping) {
            return;
        }
        streamPath = ctx.streams.get(ctx.zipf.sample(random.nextDouble()));
        streamRequestedAt = ctx.nanos.getAsLong();
        playback = new Playback(ctx.bufferNanos);
        playlist = null;
        fetchPlaylist();
    }

    private void fetchPlaylist() {
        nodes.get(streamPath, true, new NodeClient.Done() {
            @Override
            public void ok(InetSocketAddress node, Response r, int attempt) {
                onPlaylist(node, r);
            }

            @Override
            public void failed(String why) {
                stats.playlistsFailed.increment();
                // a player shows an error and the user tries again a moment later
                schedule(ctx.nanos.getAsLong() + TimeUnit.SECONDS.toNanos(1), Viewer.this::nextStream);
            }
        });
    }

    private void onPlaylist(InetSocketAddress node, Response r) {
        Playlist p;
        try {
            p = Playlist.parse(new String(r.body(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            stats.error("bad playlist");
            stats.playlistsFailed.increment();
            schedule(ctx.nanos.getAsLong() + TimeUnit.SECONDS.toNanos(1), this::nextStream);
            return;
        }
        stats.playlistsOk.increment();
        if (p.isMaster()) {
            streamPath = resolve(p.variants().get(0));
            fetchPlaylist();
            return;
        }
        if (playlist == null) {
            next = 0;
        } else {
            next = (int) Math.max(0, nextSequence - p.mediaSequence()); // live reload: carry on where we were
        }
        playlist = p;
        scheduleNext();
    }

    private void scheduleNext() {
        if (stopping) {
            return;
        }
        long now = ctx.nanos.getAsLong();
        boolean realtime = ctx.config.pace() == Pace.REALTIME;
        if (next < playlist.segments().size()) {
            int k = next;
            schedule(realtime ? playback.nextFetchAt(now) : now, () -> fetchSegment(k));
        } else if (playlist.ended()) {
            schedule(realtime && playback.started() ? Math.max(now, playback.endOfMedia()) : now, this::nextStream);
        } else {
            long half = TimeUnit.SECONDS.toNanos(Math.max(1, playlist.targetDurationSeconds())) / 2;
            schedule(now + half, this::fetchPlaylist);
        }
    }

    private void fetchSegment(int k) {
        Playlist.Segment seg = playlist.segments().get(k);
        nodes.get(resolve(seg.uri()), false, new NodeClient.Done() {
            @Override
            public void ok(InetSocketAddress node, Response r, int attempt) {
                long now = ctx.nanos.getAsLong();
                segmentsOk++;
                stats.segmentsOk.increment();
                stats.node(NodeClient.key(node)).segments.increment();
                if (attempt > 0) {
                    stats.segmentsRetried.increment();
                }
                stats.firstByteNanos(r.firstByteNanos());
                stats.segmentNanos(r.totalNanos());
                if (!playback.started()) {
                    playback.arrived(now, seg.durationNanos(), streamRequestedAt);
                    stats.startupNanos(playback.startupNanos());
                } else if (ctx.config.pace() == Pace.REALTIME) {
                    long stalledBefore = playback.stalledNanos();
                    if (playback.arrived(now, seg.durationNanos(), streamRequestedAt)) {
                        rebuffers++;
                        stats.rebuffers.increment();
                        stats.stallNanos.add(playback.stalledNanos() - stalledBefore);
                    }
                }
                advance();
                nodes.postReceipts(node, false, Viewer.this::scheduleNext);
            }

            @Override
            public void failed(String why) {
                segmentsFailed++;
                stats.segmentsFailed.increment();
                playback.skip(seg.durationNanos());
                advance();
                scheduleNext();
            }
        });
    }

    private void advance() {
        next++;
        nextSequence = playlist.mediaSequence() + next;
    }

    private String resolve(String ref) {
        URI u = URI.create("http://h").resolve(streamPath).resolve(ref);
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
}
