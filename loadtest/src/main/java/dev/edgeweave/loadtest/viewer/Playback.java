package dev.edgeweave.loadtest.viewer;

/**
 * A real-time player's clock, as a pure function of segment arrival times (nanoseconds): playback
 * starts when the first segment has arrived; each later segment must arrive before the playhead
 * reaches it (its <em>deadline</em>), otherwise playback stalls until it arrives — one rebuffer
 * event, and every later deadline moves by the stall. The player asks for the next segment
 * {@code buffer} ahead of its deadline (so it holds about that much media), never earlier.
 */
final class Playback {

    private final long bufferNanos;
    private boolean started;
    private long playStart;
    private long queuedMedia;
    private long stalled;
    private int rebuffers;
    private long startupNanos;

    /** @param bufferNanos how far ahead of its deadline a segment is requested, {@code >= 0} */
    Playback(long bufferNanos) {
        if (bufferNanos < 0) {
            throw new IllegalArgumentException("buffer: " + bufferNanos + " ns (expected: >= 0)");
        }
        this.bufferNanos = bufferNanos;
    }

    /**
     * Records that a segment of {@code durationNanos} arrived at {@code now}.
     *
     * @param requestedAt when the viewer asked for the stream (for the first segment: startup time)
     * @return whether it arrived after its deadline (a rebuffer)
     */
    boolean arrived(long now, long durationNanos, long requestedAt) {
        if (!started) {
            started = true;
            playStart = now;
            startupNanos = now - requestedAt;
            queuedMedia = durationNanos;
            return false;
        }
        long deadline = nextDeadline();
        queuedMedia += durationNanos;
        if (now > deadline) {
            stalled += now - deadline;
            rebuffers++;
            return true;
        }
        return false;
    }

    /** A segment that never arrived: the player jumps over its gap (no-op before playback starts). */
    void skip(long durationNanos) {
        if (started) {
            queuedMedia += durationNanos;
        }
    }

    /** When the playhead reaches the end of the media received so far ({@link Long#MIN_VALUE} before start). */
    long nextDeadline() {
        return started ? playStart + stalled + queuedMedia : Long.MIN_VALUE;
    }

    /** The earliest time to request the next segment: {@code buffer} before its deadline, or at once. */
    long nextFetchAt(long now) {
        return started ? Math.max(now, nextDeadline() - bufferNanos) : now;
    }

    /** When the playhead reaches the end of everything received: the stream's end for a finished VOD. */
    long endOfMedia() {
        return nextDeadline();
    }

    int rebuffers() {
        return rebuffers;
    }

    long stalledNanos() {
        return stalled;
    }

    boolean started() {
        return started;
    }

    long startupNanos() {
        return startupNanos;
    }
}
