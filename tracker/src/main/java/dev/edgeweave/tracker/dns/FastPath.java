package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Coverage;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;

/**
 * The per-query hot path: a minimal parse of the header, question and OPT straight from the packet
 * bytes, one lookup of the precomputed answer ({@link CannedTable}) and a copy with the query ID, RD/CD
 * bits, question (with the client's letter case) and OPT/ECS patched in. No objects are built per query
 * beyond the response buffer. Anything unusual ({@link #SLOW}) goes to the dnsjava path
 * ({@link Answerer}), which gives the same bytes for everything this class accepts.
 *
 * <p>Accepted: QR=0, opcode QUERY, TC=0, one question, no answer/authority records, at most one
 * additional record which is an OPT of version 0 with at most one valid ECS option (scope 0) and cookies;
 * class IN; an existing name in the zone; an ordinary query type (not ANY, AXFR, IXFR, OPT, TSIG, TKEY,
 * MAILA, MAILB); nothing after the last record. One instance per event-loop thread: it keeps scratch
 * arrays and is not thread-safe.
 */
final class FastPath {

    /** Returned when the query needs the dnsjava path. */
    static final int SLOW = -1;
    static final int MAX_QUERY = 4096;

    private final byte[] in = new byte[MAX_QUERY];
    private final byte[] name = new byte[256];
    /** Response bytes of the last successful {@link #answer}. */
    final byte[] out = new byte[16 * 1024];
    /** RCODE of the last successful answer. */
    int rcode;
    /** Whether the last successful answer was truncated. */
    boolean truncated;

    /**
     * Answers {@code query} into {@link #out}.
     *
     * @param udp true for UDP (size limit from EDNS, else 512), false for TCP (65535)
     * @return the response length, or {@link #SLOW}
     */
    int answer(CannedTable table, ByteBuf query, InetAddress source, boolean udp) {
        int len = query.readableBytes();
        if (len < 17 || len > MAX_QUERY) {
            return SLOW;
        }
        byte[] in = this.in;
        query.getBytes(query.readerIndex(), in, 0, len);
        int flags = u16(in, 2);
        if ((flags & 0xFA00) != 0 || u16(in, 4) != 1 || u16(in, 6) != 0 || u16(in, 8) != 0) {
            return SLOW;
        }
        int ar = u16(in, 10);
        if (ar > 1) {
            return SLOW;
        }
        // question name, lowercased into name[] with its FNV-1a hash
        int p = 12;
        int n = 0;
        int hash = 0x811C9DC5;
        byte[] name = this.name;
        while (true) {
            int l = in[p] & 0xFF;
            if (l > 63 || p + 1 + l >= len || n + 1 + l > 255) {
                return SLOW;
            }
            name[n++] = (byte) l;
            hash = (hash ^ l) * 0x01000193;
            p++;
            if (l == 0) {
                break;
            }
            for (int i = 0; i < l; i++) {
                int b = in[p++] & 0xFF;
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                name[n++] = (byte) b;
                hash = (hash ^ b) * 0x01000193;
            }
        }
        if (p + 4 > len) {
            return SLOW;
        }
        int qtype = u16(in, p);
        int qclass = u16(in, p + 2);
        p += 4;
        int questionEnd = p;
        if (qclass != 1 || qtype == 0 || qtype == 41 || qtype >= 249 && qtype <= 255) {
            return SLOW;
        }
        CannedTable.Slot slot = table.find(name, n, hash);
        if (slot == null) {
            return SLOW;
        }

        boolean edns = false;
        int payload = 0;
        int doFlag = 0;
        int ecsOff = -1;
        int ecsLen = 0;
        int source4 = 0;
        if (ar == 1) {
            if (p + 11 > len || in[p] != 0 || u16(in, p + 1) != 41 || in[p + 5] != 0 || in[p + 6] != 0) {
                return SLOW;
            }
            edns = true;
            payload = u16(in, p + 3);
            doFlag = u16(in, p + 7) & 0x8000;
            int end = p + 11 + u16(in, p + 9);
            p += 11;
            if (end != len) {
                return SLOW;
            }
            while (p < end) {
                if (p + 4 > end) {
                    return SLOW;
                }
                int code = u16(in, p);
                int olen = u16(in, p + 2);
                p += 4;
                if (p + olen > end) {
                    return SLOW;
                }
                if (code == 8) {
                    if (ecsOff >= 0 || !validEcs(in, p, olen)) {
                        return SLOW;
                    }
                    ecsOff = p;
                    ecsLen = olen;
                    source4 = in[p + 2] & 0xFF;
                } else if (code != 10 || (olen != 8 && (olen < 16 || olen > 40))) {
                    return SLOW;
                }
                p += olen;
            }
        } else if (p != len) {
            return SLOW;
        }

        ZoneModel model = table.model;
        Coverage coverage = model.snapshot.coverage();
        int index;
        if (ecsOff >= 0 && source4 > 0) {
            index = u16(in, ecsOff) == 1 ? coverage.indexOf4(ecsV4(in, ecsOff + 4, ecsLen - 4))
                    : coverage.indexOf6(ecsV6(in, ecsOff + 4, ecsLen - 4, 0), ecsV6(in, ecsOff + 4, ecsLen - 4, 8));
        } else {
            index = coverage.indexOf(source);
        }
        CannedTable.Canned c = slot.get(qtype, model.classOf(index));
        int scope = 0;
        if (ecsOff >= 0 && source4 > 0 && c.tailored) {
            scope = index >= 0 ? Math.min(coverage.prefixLength(index), source4) : source4;
        }

        int optLen = edns ? 11 + (ecsOff >= 0 ? 4 + ecsLen : 0) : 0;
        int qLen = questionEnd - 12;
        int size = 12 + qLen + c.body.length + optLen;
        int limit = !udp ? 65535 : edns ? Math.max(512, Math.min(payload, model.config.ednsPayload())) : 512;
        boolean trunc = size > limit;
        if (trunc) {
            size = 12 + qLen + optLen;
        }
        if (size > out.length) {
            return SLOW;
        }
        byte[] out = this.out;
        out[0] = in[0];
        out[1] = in[1];
        put16(out, 2, c.flags | (flags & 0x0110) | (trunc ? 0x0200 : 0));
        put16(out, 4, 1);
        put16(out, 6, trunc ? 0 : c.an);
        put16(out, 8, trunc ? 0 : c.ns);
        put16(out, 10, (trunc ? 0 : c.ar) + (edns ? 1 : 0));
        System.arraycopy(in, 12, out, 12, qLen);
        int w = 12 + qLen;
        if (!trunc) {
            System.arraycopy(c.body, 0, out, w, c.body.length);
            w += c.body.length;
        }
        if (edns) {
            out[w] = 0;
            put16(out, w + 1, 41);
            put16(out, w + 3, model.config.ednsPayload());
            out[w + 5] = 0;
            out[w + 6] = 0;
            put16(out, w + 7, doFlag);
            put16(out, w + 9, optLen - 11);
            w += 11;
            if (ecsOff >= 0) {
                put16(out, w, 8);
                put16(out, w + 2, ecsLen);
                out[w + 4] = in[ecsOff];
                out[w + 5] = in[ecsOff + 1];
                out[w + 6] = (byte) source4;
                out[w + 7] = (byte) scope;
                System.arraycopy(in, ecsOff + 4, out, w + 8, ecsLen - 4);
                w += 4 + ecsLen;
            }
        }
        rcode = c.flags & 0xF;
        truncated = trunc;
        return w;
    }

    /** RFC 7871 §6 checks on an ECS option at {@code p}: family, prefix lengths, address length and padding. */
    private static boolean validEcs(byte[] in, int p, int olen) {
        if (olen < 4) {
            return false;
        }
        int family = u16(in, p);
        int source = in[p + 2] & 0xFF;
        int scope = in[p + 3] & 0xFF;
        int max = family == 1 ? 32 : family == 2 ? 128 : -1;
        int alen = olen - 4;
        if (max < 0 || source > max || scope != 0 || alen != (source + 7) / 8) {
            return false;
        }
        if (source % 8 != 0 && (in[p + 4 + alen - 1] & (0xFF >>> (source % 8))) != 0) {
            return false;
        }
        if (family == 2) {
            // ::ffff:a.b.c.d becomes an IPv4 address in the JDK and in dnsjava: leave it to the slow path
            boolean mapped = alen >= 12;
            for (int i = 0; i < 12 && mapped; i++) {
                int b = i < alen ? in[p + 4 + i] & 0xFF : 0;
                mapped = i < 10 ? b == 0 : b == 0xFF;
            }
            return !mapped;
        }
        return true;
    }

    private static int ecsV4(byte[] in, int off, int alen) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (i < alen ? in[off + i] & 0xFF : 0);
        }
        return v;
    }

    private static long ecsV6(byte[] in, int off, int alen, int from) {
        long v = 0;
        for (int i = from; i < from + 8; i++) {
            v = (v << 8) | (i < alen ? in[off + i] & 0xFF : 0);
        }
        return v;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }
}
