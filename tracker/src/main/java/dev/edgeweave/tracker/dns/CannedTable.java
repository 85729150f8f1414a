package dev.edgeweave.tracker.dns;

import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Precomputed answers as wire bytes, per (name, location class, query type), rendered by the
 * {@link Answerer} itself on every steering update so that the fast path cannot drift from it. Each
 * {@link Canned} holds the part of the response after the question (answer, authority and additional
 * sections without OPT); compression pointers in it point into the question or into the body, whose
 * offsets depend only on the query name's length, which is fixed per name. Immutable.
 */
final class CannedTable {

    /** One precomputed response body. */
    static final class Canned {
        final byte[] body;
        final int flags;      // header flags and RCODE as rendered (QR, AA, RCODE; RD/CD are copied per query)
        final int an;
        final int ns;
        final int ar;
        final boolean tailored;

        Canned(byte[] body, int flags, int an, int ns, int ar, boolean tailored) {
            this.body = body;
            this.flags = flags;
            this.an = an;
            this.ns = ns;
            this.ar = ar;
            this.tailored = tailored;
        }
    }

    /** All canned answers for one name. */
    static final class Slot {
        final byte[] key;          // lowercase uncompressed wire name
        final int hash;
        final Canned[] a;          // by class when steered, else length 1
        final Canned[] aaaa;
        final Canned soa;
        final Canned ns;
        final Canned other;        // NODATA for every other ordinary type

        Slot(byte[] key, Canned[] a, Canned[] aaaa, Canned soa, Canned ns, Canned other) {
            this.key = key;
            this.hash = hash(key, key.length);
            this.a = a;
            this.aaaa = aaaa;
            this.soa = soa;
            this.ns = ns;
            this.other = other;
        }

        Canned get(int qtype, int cls) {
            switch (qtype) {
                case Type.A:
                    return a[a.length == 1 ? 0 : cls];
                case Type.AAAA:
                    return aaaa[aaaa.length == 1 ? 0 : cls];
                case Type.SOA:
                    return soa;
                case Type.NS:
                    return ns;
                default:
                    return other;
            }
        }
    }

    final ZoneModel model;
    private final Slot[] slots;
    private final int mask;

    private CannedTable(ZoneModel model, Slot[] slots, int mask) {
        this.model = model;
        this.slots = slots;
        this.mask = mask;
    }

    static CannedTable build(ZoneModel model) {
        int cap = Integer.highestOneBit(Math.max(8, model.names.size() * 3)) << 1;
        Slot[] slots = new Slot[cap];
        int classes = model.classes.size();
        for (ZoneModel.Entry e : model.names.values()) {
            Canned[] a;
            Canned[] aaaa;
            if (e.steered()) {
                a = new Canned[classes];
                aaaa = new Canned[classes];
                for (int c = 0; c < classes; c++) {
                    a[c] = render(model, e, Type.A, c);
                    aaaa[c] = render(model, e, Type.AAAA, c);
                }
            } else {
                a = new Canned[] {render(model, e, Type.A, 0)};
                aaaa = new Canned[] {render(model, e, Type.AAAA, 0)};
            }
            Slot s = new Slot(e.name.toWireCanonical(), a, aaaa, render(model, e, Type.SOA, 0),
                    render(model, e, Type.NS, 0), render(model, e, Type.MX, 0));
            int i = s.hash & (cap - 1);
            while (slots[i] != null) {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = s;
        }
        return new CannedTable(model, slots, cap - 1);
    }

    /** The slot for the lowercase wire name in {@code name[0..len)}, or null. */
    Slot find(byte[] name, int len, int hash) {
        int i = hash & mask;
        Slot s;
        while ((s = slots[i]) != null) {
            if (s.hash == hash && s.key.length == len && Arrays.equals(s.key, 0, len, name, 0, len)) {
                return s;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** FNV-1a over the bytes; the fast path computes the same while it lowercases the query name. */
    static int hash(byte[] b, int len) {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++) {
            h = (h ^ (b[i] & 0xFF)) * 0x01000193;
        }
        return h;
    }

    private static Canned render(ZoneModel model, ZoneModel.Entry e, int type, int cls) {
        Record question = Record.newRecord(e.name, type, DClass.IN);
        Message query = new Message(0);
        query.addRecord(question, Section.QUESTION);
        Message r = Answerer.responseTo(query);
        r.addRecord(question, Section.QUESTION);
        boolean tailored = Answerer.resolve(model, question, cls, r);
        byte[] wire = r.toWire();
        int bodyStart = 12 + e.name.length() + 4;
        return new Canned(Arrays.copyOfRange(wire, bodyStart, wire.length), u16(wire, 2), u16(wire, 6),
                u16(wire, 8), u16(wire, 10), tailored);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }
}
