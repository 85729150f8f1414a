package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.Location;
import dev.edgeweave.tracker.steer.RankedNode;
import dev.edgeweave.tracker.steer.SteeringSnapshot;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The zone as DNS serves it after one steering update: which names exist, their fixed records (SOA
 * and NS at the apex, glue for the name server), and for each steered hostname the best nodes' addresses
 * per client location class. Immutable; rebuilt on every update.
 *
 * <p>A location class is a distinct (region, latitude, longitude) among the coverage entries, plus the
 * fallback; every client in one class gets the same ranking, which makes per-class precomputation exact.
 */
final class ZoneModel {

    /** TTL of NS and glue records, seconds: the delegation changes only when the operator changes it. */
    static final long NS_TTL = 3600;
    static final long SOA_SERIAL = 1;
    static final long SOA_REFRESH = 3600;
    static final long SOA_RETRY = 600;
    static final long SOA_EXPIRE = 1_209_600;

    final DnsConfig config;
    final SteeringSnapshot snapshot;
    final Name zone;
    final SOARecord soa;
    final NSRecord ns;
    final List<Record> glue;
    /** Existing names, keyed case-insensitively (dnsjava Name equality). */
    final Map<Name, Entry> names;
    /** Steered hostnames in zone order, index = {@link Entry#steeredIndex}. */
    final List<Name> steeredNames;
    /** [steeredIndex][class] best-first IPv4 / IPv6 addresses, at most {@code answers} each. */
    final InetAddress[][][] v4;
    final InetAddress[][][] v6;
    final List<Location> classes;
    final int[] classOfEntry;
    final int fallbackClass;

    /** One existing name: fixed records by type, and whether A/AAAA are steered. */
    static final class Entry {
        final Name name;
        final int steeredIndex;   // -1 if not steered
        final Map<Integer, List<Record>> records;

        Entry(Name name, int steeredIndex, Map<Integer, List<Record>> records) {
            this.name = name;
            this.steeredIndex = steeredIndex;
            this.records = records;
        }

        boolean steered() {
            return steeredIndex >= 0;
        }
    }

    private ZoneModel(DnsConfig config, SteeringSnapshot snapshot) {
        this.config = config;
        this.snapshot = snapshot;
        this.zone = name(config.zone());
        Name nsName = name(config.nsHost());
        this.soa = new SOARecord(zone, DClass.IN, config.ttlSeconds(), nsName, name(config.adminEmail()), SOA_SERIAL,
                SOA_REFRESH, SOA_RETRY, SOA_EXPIRE, config.ttlSeconds());
        this.ns = new NSRecord(zone, DClass.IN, NS_TTL, nsName);

        Map<Name, Entry> map = new LinkedHashMap<>();
        map.put(zone, new Entry(zone, -1, new HashMap<>(Map.of(Type.SOA, List.of(soa), Type.NS, List.of(ns)))));
        List<Record> glueRecords = new ArrayList<>();
        if (nsName.subdomain(zone)) {
            List<InetAddress> addrs = config.nsAddresses().isEmpty() && !config.bind().getAddress().isAnyLocalAddress()
                    ? List.of(config.bind().getAddress()) : config.nsAddresses();
            List<Record> a = new ArrayList<>();
            List<Record> aaaa = new ArrayList<>();
            for (InetAddress addr : addrs) {
                if (addr instanceof Inet4Address) {
                    a.add(new ARecord(nsName, DClass.IN, NS_TTL, addr));
                } else {
                    aaaa.add(new AAAARecord(nsName, DClass.IN, NS_TTL, addr));
                }
            }
            glueRecords.addAll(a);
            glueRecords.addAll(aaaa);
            Map<Integer, List<Record>> recs = new HashMap<>();
            if (!a.isEmpty()) {
                recs.put(Type.A, List.copyOf(a));
            }
            if (!aaaa.isEmpty()) {
                recs.put(Type.AAAA, List.copyOf(aaaa));
            }
            putWithAncestors(map, nsName, -1, recs);
        }
        this.glue = List.copyOf(glueRecords);

        List<Name> steered = new ArrayList<>();
        for (String host : snapshot.hostnames()) {
            Name n = name(host);
            if (!n.subdomain(zone)) {
                continue;    // served by HTTP 302 only; DNS is authoritative for its zone alone
            }
            Entry existing = map.get(n);
            putWithAncestors(map, n, steered.size(), existing == null ? new HashMap<>() : existing.records);
            steered.add(n);
        }
        this.names = Collections.unmodifiableMap(map);
        this.steeredNames = List.copyOf(steered);

        Coverage coverage = snapshot.coverage();
        Map<String, Integer> classIndex = new LinkedHashMap<>();
        List<Location> classList = new ArrayList<>();
        this.classOfEntry = new int[coverage.size()];
        for (int i = 0; i < coverage.size(); i++) {
            classOfEntry[i] = classFor(coverage.entry(i), classIndex, classList);
        }
        this.fallbackClass = classFor(snapshot.fallback(), classIndex, classList);
        this.classes = List.copyOf(classList);

        int answers = snapshot.config().answers();
        this.v4 = new InetAddress[steered.size()][classes.size()][];
        this.v6 = new InetAddress[steered.size()][classes.size()][];
        for (int h = 0; h < steered.size(); h++) {
            String host = steered.get(h).toString(true);
            for (int c = 0; c < classes.size(); c++) {
                List<RankedNode> ranked = snapshot.rank(host, classes.get(c), null);
                v4[h][c] = top(ranked, answers, false);
                v6[h][c] = top(ranked, answers, true);
            }
        }
    }

    static ZoneModel build(DnsConfig config, SteeringSnapshot snapshot) {
        return new ZoneModel(config, snapshot);
    }

    /** Location class of a client: the class of its longest coverage prefix, else the fallback. */
    int classOf(int coverageIndex) {
        return coverageIndex >= 0 ? classOfEntry[coverageIndex] : fallbackClass;
    }

    /** Steered addresses for {@code type} (A or AAAA) of a steered entry in class {@code cls}. */
    InetAddress[] steered(Entry e, int type, int cls) {
        return (type == Type.A ? v4 : v6)[e.steeredIndex][cls];
    }

    private static InetAddress[] top(List<RankedNode> ranked, int n, boolean six) {
        List<InetAddress> out = new ArrayList<>(n);
        for (RankedNode r : ranked) {
            for (InetAddress a : r.node().addresses()) {
                if (six ? a instanceof Inet6Address : a instanceof Inet4Address) {
                    out.add(a);
                    break;
                }
            }
            if (out.size() == n) {
                break;
            }
        }
        return out.toArray(new InetAddress[0]);
    }

    private void putWithAncestors(Map<Name, Entry> map, Name n, int steeredIndex, Map<Integer, List<Record>> recs) {
        map.put(n, new Entry(n, steeredIndex, recs));
        for (int drop = 1; drop < n.labels() - zone.labels(); drop++) {
            Name ancestor = new Name(n, drop);
            map.putIfAbsent(ancestor, new Entry(ancestor, -1, Map.of()));   // empty non-terminal: NODATA
        }
    }

    private static int classFor(Location l, Map<String, Integer> index, List<Location> list) {
        String key = l.region() + "|" + l.lat() + "|" + l.lon();
        Integer i = index.get(key);
        if (i == null) {
            i = list.size();
            index.put(key, i);
            list.add(l);
        }
        return i;
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: '" + text + "'", e);
        }
    }
}
