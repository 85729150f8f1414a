package dev.edgeweave.cache;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The disk tier's byte budget and eviction order. Every byte a file of the disk tier holds, or that a fill in
 * progress has reserved, is charged to its object here; {@link #charge} evicts idle objects (CLOCK, i.e.
 * second chance: an object read since the hand last passed is spared once) until the new bytes fit, so the
 * total never exceeds the capacity. Objects with a fill running are never evicted.
 *
 * <p>An evicted, replaced or removed version that was read within the grace period "lingers": its metadata
 * is deleted at once (a restart never brings it back) but its slice files stay, still charged, until no read
 * touched it for the grace period, so that viewers in the middle of it can finish. When space is short,
 * lingering files go only after every idle object: a cold object costs a later origin fetch, a cut stream
 * costs a viewer.
 *
 * <p>Lock order: this lock may take an object's monitor ({@link StoredObject#tryEvict}), never the reverse;
 * file deletion and other follow-ups run in the {@link Listener} after the lock is released.
 */
final class DiskSpace {

    /** Follow-ups of eviction and expiry, run outside the lock by the thread that caused them. */
    interface Listener {
        /** {@code o} was evicted (and marked removed); lingering: keep its slice files for now. */
        void evicted(StoredObject o, boolean lingering);

        /** The grace period of lingering {@code o} is over: delete its slice files. */
        void expired(StoredObject o);
    }

    private final long capacity;
    private final long graceMillis;
    private final LongSupplier nowMillis;
    private Listener listener;

    private final Object lock = new Object();
    private long used;
    private long evictions;
    private final LinkedHashSet<StoredObject> ring = new LinkedHashSet<>();
    private final List<StoredObject> lingering = new ArrayList<>();
    private volatile int lingeringCount;

    DiskSpace(long capacity, long graceMillis, LongSupplier nowMillis) {
        this.capacity = capacity;
        this.graceMillis = graceMillis;
        this.nowMillis = nowMillis;
    }

    void listener(Listener l) {
        this.listener = l;
    }

    long capacity() {
        return capacity;
    }

    long used() {
        synchronized (lock) {
            return used;
        }
    }

    long evictions() {
        synchronized (lock) {
            return evictions;
        }
    }

    int lingering() {
        return lingeringCount;
    }

    /** Lingering objects now (for invariant checks). */
    List<StoredObject> lingeringObjects() {
        synchronized (lock) {
            return List.copyOf(lingering);
        }
    }

    /** Adds an object to the eviction order (new fills, new sparse objects). */
    void track(StoredObject o) {
        synchronized (lock) {
            ring.add(o);
        }
    }

    /** Adopts an object found on disk with the bytes its files hold; call {@link #shrinkToFit} after. */
    void adopt(StoredObject o, long bytes) {
        synchronized (lock) {
            ring.add(o);
            used += bytes;
            o.charged += bytes;
        }
    }

    /** Evicts until the budget holds (after adopting objects at open, when the capacity shrank). */
    void shrinkToFit() {
        charge(null, 0);
    }

    /**
     * Charges {@code bytes} to {@code owner}, evicting idle objects and then lingering files until they fit.
     * Returns false, charging nothing, when they cannot fit (fills in progress hold the rest).
     */
    boolean charge(StoredObject owner, long bytes) {
        List<StoredObject> evicted = new ArrayList<>(0);
        List<StoredObject> lingered = new ArrayList<>(0);
        List<StoredObject> expired = new ArrayList<>(0);
        boolean ok;
        synchronized (lock) {
            ok = makeRoomLocked(bytes, evicted, lingered, expired);
            if (ok && owner != null) {
                used += bytes;
                owner.charged += bytes;
            }
        }
        notifyListener(evicted, lingered, expired);
        return ok;
    }

    /** Like {@link #charge} but charges even when the bytes do not fit (metadata rewrites: a few bytes). */
    void chargeForce(StoredObject owner, long bytes) {
        if (!charge(owner, bytes)) {
            synchronized (lock) {
                used += bytes;
                owner.charged += bytes;
            }
        }
    }

    /** Returns bytes that {@code owner} no longer uses (never more than it was charged). */
    void release(StoredObject owner, long bytes) {
        synchronized (lock) {
            long b = Math.min(bytes, owner.charged);
            used -= b;
            owner.charged -= b;
        }
    }

    /**
     * Takes a removed object out of the eviction order. Lingering: only {@code metaBytes} are returned now and
     * the rest when its grace period ends; otherwise all of its bytes are returned.
     */
    void retire(StoredObject o, boolean linger, long metaBytes) {
        synchronized (lock) {
            ring.remove(o);
            if (linger && !lingering.contains(o)) {
                long b = Math.min(metaBytes, o.charged);
                used -= b;
                o.charged -= b;
                lingering.add(o);
                lingeringCount = lingering.size();
            } else if (!linger) {
                lingering.remove(o);
                lingeringCount = lingering.size();
                used -= o.charged;
                o.charged = 0;
            }
        }
    }

    /** Ends the grace period of lingering objects not read for {@code graceMillis} (or of all of them). */
    void expire(boolean all) {
        if (lingeringCount == 0) {
            return;
        }
        List<StoredObject> expired = new ArrayList<>();
        synchronized (lock) {
            expireLocked(all, expired);
        }
        notifyListener(List.of(), List.of(), expired);
    }

    private void expireLocked(boolean all, List<StoredObject> out) {
        long now = nowMillis.getAsLong();
        for (Iterator<StoredObject> it = lingering.iterator(); it.hasNext(); ) {
            StoredObject o = it.next();
            if (all || o.lastReadMillis + graceMillis <= now) {
                it.remove();
                used -= o.charged;
                o.charged = 0;
                out.add(o);
            }
        }
        lingeringCount = lingering.size();
    }

    private boolean makeRoomLocked(long bytes, List<StoredObject> evicted, List<StoredObject> lingered,
                                   List<StoredObject> expired) {
        if (bytes > capacity) {
            return false;
        }
        if (used + bytes > capacity) {
            expireLocked(false, expired);
        }
        long budget = 2L * ring.size() + 1;
        long now = nowMillis.getAsLong();
        while (used + bytes > capacity) {
            StoredObject victim = null;
            while (victim == null && budget-- > 0 && !ring.isEmpty()) {
                Iterator<StoredObject> it = ring.iterator();
                StoredObject o = it.next();
                it.remove();
                if (o.removed()) {
                    continue;
                }
                if (o.referenced) {
                    o.referenced = false;
                    ring.add(o);
                } else if (o.tryEvict()) {
                    victim = o;
                } else {
                    ring.add(o);
                }
            }
            if (victim == null) {
                if (lingering.isEmpty()) {
                    return false;
                }
                expireLocked(true, expired);
                continue;
            }
            evictions++;
            if (victim.lastReadMillis + graceMillis > now) {
                long b = Math.min(victim.metaBytes + victim.journalBytes, victim.charged);
                used -= b;
                victim.charged -= b;
                lingering.add(victim);
                lingeringCount = lingering.size();
                lingered.add(victim);
            } else {
                used -= victim.charged;
                victim.charged = 0;
                evicted.add(victim);
            }
        }
        return true;
    }

    private void notifyListener(List<StoredObject> evicted, List<StoredObject> lingered, List<StoredObject> expired) {
        Listener l = listener;
        for (StoredObject o : evicted) {
            l.evicted(o, false);
        }
        for (StoredObject o : lingered) {
            l.evicted(o, true);
        }
        for (StoredObject o : expired) {
            l.expired(o);
        }
    }
}
