package dev.edgeweave.tracker.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The reference answer: a pure function from a parsed query (dnsjava {@link Message}), the packet's
 * source address and a {@link ZoneModel} to the response message. The wire fast path
 * ({@link FastPath}) must give byte-identical answers for the queries it accepts; everything else comes
 * here.
 *
 * <p>Rules: a packet with QR set is dropped (never answer a response: no loops between servers); a
 * packet that does not parse, or a query with TC set, gets FORMERR ({@link #formErr}); opcode other
 * than QUERY gets NOTIMP; QDCOUNT other than 1, more than one OPT or more than one ECS
 * option get FORMERR; EDNS version above 0 gets BADVERS; class other than IN and names outside the zone get
 * REFUSED; AXFR/IXFR get REFUSED (no zone transfers: the zone is computed, not stored); a question of
 * type OPT gets FORMERR and other meta types NOTIMP; unknown names get NXDOMAIN with the SOA in the
 * authority section, existing names without data of the type NODATA (NOERROR with the SOA). Answers in
 * the zone carry AA. RD and CD are copied. With EDNS in the query, the response carries an OPT with our
 * payload size, DO copied, and the ECS option echoed (family, source prefix, address) with the scope: for
 * a steered A/AAAA answer the length of the coverage prefix that matched, capped at the source prefix (the
 * source prefix itself when the client fell back), else 0 (the answer is the same for every client).
 * Source prefix 0 means "locate me by the resolver's address" and gets scope 0.
 */
final class Answerer {

    /** Types answered by NOTIMP: transaction and mailbox meta types. */
    private static boolean notImplementedType(int t) {
        return t == Type.TKEY || t == Type.TSIG || t == Type.MAILA || t == Type.MAILB;
    }

    private Answerer() {
    }

    /**
     * Answers {@code query} from a client at {@code source}.
     *
     * @return the response, or null when the packet must be dropped (it is itself a response)
     */
    static Message answer(ZoneModel zone, Message query, InetAddress source) {
        Header qh = query.getHeader();
        if (qh.getFlag(Flags.QR)) {
            return null;
        }
        Message r = responseTo(query);
        if (qh.getOpcode() != Opcode.QUERY) {
            r.getHeader().setRcode(Rcode.NOTIMP);
            return r;
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r;
        }
        Record q = questions.get(0);
        r.addRecord(q, Section.QUESTION);
        int opts = 0;
        for (Record rec : query.getSection(Section.ADDITIONAL)) {
            if (rec.getType() == Type.OPT) {
                opts++;
            }
        }
        OPTRecord opt = query.getOPT();
        ClientSubnetOption ecs = null;
        if (opts > 1) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r;
        }
        if (opt != null) {
            if (opt.getVersion() > 0) {
                r.addRecord(new OPTRecord(zone.config.ednsPayload(), Rcode.BADVERS >>> 4, 0,
                        opt.getFlags() & ExtendedFlags.DO), Section.ADDITIONAL);
                return r;
            }
            List<EDNSOption> subnet = opt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
            if (subnet.size() > 1) {
                r.getHeader().setRcode(Rcode.FORMERR);
                return r;
            }
            ecs = subnet.isEmpty() ? null : (ClientSubnetOption) subnet.get(0);
        }
        if (q.getType() == Type.OPT) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r;
        }
        InetAddress client = ecs != null && ecs.getSourcePrefixLength() > 0 ? ecs.getAddress() : source;
        int index = zone.snapshot.coverage().indexOf(client);
        boolean tailored = resolve(zone, q, zone.classOf(index), r);
        if (opt != null) {
            int scope = 0;
            if (ecs != null && ecs.getSourcePrefixLength() > 0 && tailored) {
                int source4 = ecs.getSourcePrefixLength();
                scope = index >= 0 ? Math.min(zone.snapshot.coverage().prefixLength(index), source4) : source4;
            }
            r.addRecord(responseOpt(zone.config, opt, ecs, scope), Section.ADDITIONAL);
        }
        return r;
    }

    /**
     * Fills {@code r} (header, question already set) with the answer to question {@code q} for location
     * class {@code cls}; adds no OPT.
     *
     * @return whether the answer depends on the client's location (a steered A/AAAA answer)
     */
    static boolean resolve(ZoneModel zone, Record q, int cls, Message r) {
        Header h = r.getHeader();
        Name qname = q.getName();
        int qtype = q.getType();
        if (q.getDClass() != DClass.IN || !qname.subdomain(zone.zone)) {
            h.setRcode(Rcode.REFUSED);
            return false;
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            h.setRcode(Rcode.REFUSED);
            return false;
        }
        if (notImplementedType(qtype)) {
            h.setRcode(Rcode.NOTIMP);
            return false;
        }
        h.setFlag(Flags.AA);
        ZoneModel.Entry e = zone.names.get(qname);
        if (e == null) {
            h.setRcode(Rcode.NXDOMAIN);
            r.addRecord(zone.soa, Section.AUTHORITY);
            return false;
        }
        boolean tailored = false;
        int answers = 0;
        if (qtype == Type.ANY) {
            for (int t : new int[] {Type.SOA, Type.NS, Type.A, Type.AAAA}) {
                int n = addType(zone, e, qname, t, cls, r);
                answers += n;
                tailored |= n > 0 && e.steered() && (t == Type.A || t == Type.AAAA);
            }
        } else {
            answers = addType(zone, e, qname, qtype, cls, r);
            tailored = answers > 0 && e.steered() && (qtype == Type.A || qtype == Type.AAAA);
        }
        if (answers == 0) {
            r.addRecord(zone.soa, Section.AUTHORITY);
        } else if (qtype == Type.NS) {
            for (Record g : zone.glue) {
                r.addRecord(g, Section.ADDITIONAL);
            }
        }
        return tailored;
    }

    private static int addType(ZoneModel zone, ZoneModel.Entry e, Name qname, int type, int cls, Message r) {
        if (e.steered() && (type == Type.A || type == Type.AAAA)) {
            InetAddress[] addrs = zone.steered(e, type, cls);
            for (InetAddress a : addrs) {
                Record rec = a instanceof Inet4Address
                        ? new ARecord(qname, DClass.IN, zone.config.ttlSeconds(), a)
                        : new AAAARecord(qname, DClass.IN, zone.config.ttlSeconds(), a);
                r.addRecord(rec, Section.ANSWER);
            }
            return addrs.length;
        }
        List<Record> recs = e.records.get(type);
        if (recs == null) {
            return 0;
        }
        for (Record rec : recs) {
            r.addRecord(rec.withName(qname), Section.ANSWER);
        }
        return recs.size();
    }

    /** A response header for {@code query}: same ID and opcode, QR, RD and CD copied. */
    static Message responseTo(Message query) {
        Header qh = query.getHeader();
        Message r = new Message(qh.getID());
        Header h = r.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (qh.getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        return r;
    }

    static OPTRecord responseOpt(DnsConfig config, OPTRecord queryOpt, ClientSubnetOption ecs, int scope) {
        int flags = queryOpt.getFlags() & ExtendedFlags.DO;
        if (ecs == null) {
            return new OPTRecord(config.ednsPayload(), 0, 0, flags);
        }
        ClientSubnetOption echo = new ClientSubnetOption(ecs.getSourcePrefixLength(), scope, ecs.getAddress());
        return new OPTRecord(config.ednsPayload(), 0, 0, flags, echo);
    }

    /** The largest UDP response the client takes: 512 without EDNS, else its payload within [512, ours]. */
    static int udpLimit(DnsConfig config, Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return 512;
        }
        return Math.max(512, Math.min(opt.getPayloadSize(), config.ednsPayload()));
    }

    /**
     * Renders {@code r}; when longer than {@code limit}, renders instead the truncated form: TC set, the
     * question and the OPT only, so the client retries over TCP.
     */
    static byte[] render(Message r, int limit) {
        byte[] wire = r.toWire();
        if (wire.length <= limit) {
            return wire;
        }
        Message t = new Message(r.getHeader().getID());
        Header src = r.getHeader();
        Header h = t.getHeader();
        for (int f = 0; f < 16; f++) {
            if (Flags.isFlag(f) && src.getFlag(f)) {
                h.setFlag(f);
            }
        }
        h.setFlag(Flags.TC);
        h.setOpcode(src.getOpcode());
        h.setRcode(src.getRcode());
        for (Record q : r.getSection(Section.QUESTION)) {
            t.addRecord(q, Section.QUESTION);
        }
        OPTRecord opt = r.getOPT();
        if (opt != null) {
            t.addRecord(opt, Section.ADDITIONAL);
        }
        return t.toWire();
    }

    /**
     * The FORMERR answer to a packet that does not parse: header only, ID (and opcode, RD) echoed when
     * readable; null (drop) when fewer than 2 bytes came or the packet claims to be a response.
     */
    static byte[] formErr(byte[] packet, int length) {
        if (length < 2 || (length >= 3 && (packet[2] & 0x80) != 0)) {
            return null;
        }
        byte[] out = new byte[12];
        out[0] = packet[0];
        out[1] = packet[1];
        int flags2 = length >= 3 ? packet[2] & 0x79 : 0;   // opcode + RD
        out[2] = (byte) (0x80 | flags2);
        out[3] = (byte) Rcode.FORMERR;
        return out;
    }
}
