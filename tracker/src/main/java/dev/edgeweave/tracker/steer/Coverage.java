package dev.edgeweave.tracker.steer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The coverage file: which client prefixes belong to which region, and where that is.
 *
 * <p>Format: one prefix per line, {@code CIDR REGION LAT LON}, fields separated by whitespace, {@code #}
 * starts a comment, blank lines are ignored; IPv4 and IPv6 prefixes. Example:
 * <pre>
 * # devnet
 * 127.0.1.0/24   r0  52.52  13.40
 * 2001:db8::/32  r1  48.85   2.35
 * </pre>
 * A prefix must be a network address (no host bits set) and may appear once. A region's own location
 * ({@link #region(String)}) is the latitude/longitude of the first line naming it.
 *
 * <p>Lookups are longest-prefix matches without allocation on the primitive paths
 * ({@link #indexOf4(int)}, {@link #indexOf6(long, long)}), used per DNS query. Immutable and thread-safe.
 */
public final class Coverage {

    private static final Coverage EMPTY = new Coverage(List.of(), List.of());

    private final List<Location> entries;      // by index, matchedPrefix set to the CIDR
    private final int[] prefixLengths;         // by index
    private final Map<String, Location> regions;
    private final int[] v4Lengths;              // distinct, descending
    private final PrefixMap[] v4Maps;           // parallel to v4Lengths
    private final int[] v6Lengths;
    private final PrefixMap[] v6Maps;

    private Coverage(List<Location> entries, List<Prefix> prefixes) {
        this.entries = List.copyOf(entries);
        this.prefixLengths = new int[prefixes.size()];
        Map<String, Location> regionMap = new LinkedHashMap<>();
        for (int i = 0; i < prefixes.size(); i++) {
            prefixLengths[i] = prefixes.get(i).length;
            Location e = entries.get(i);
            regionMap.putIfAbsent(e.region(), new Location(e.region(), e.lat(), e.lon(), null));
        }
        this.regions = Collections.unmodifiableMap(regionMap);
        this.v4Lengths = distinctLengths(prefixes, false);
        this.v4Maps = buildMaps(prefixes, false, v4Lengths);
        this.v6Lengths = distinctLengths(prefixes, true);
        this.v6Maps = buildMaps(prefixes, true, v6Lengths);
    }

    /** Parses a coverage file; errors name the file, the line number and what was wrong. */
    public static Coverage parse(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses coverage lines.
     *
     * @param lines      the lines of the file
     * @param sourceName named in error messages, e.g. the file name
     * @throws IllegalArgumentException naming {@code sourceName}, the 1-based line number and the problem
     */
    public static Coverage parse(List<String> lines, String sourceName) {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(sourceName, "sourceName");
        List<Location> entries = new ArrayList<>();
        List<Prefix> prefixes = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String where = sourceName + " line " + (n + 1) + ": ";
            String[] f = content.split("\\s+");
            if (f.length != 4) {
                throw new IllegalArgumentException(where + "'" + content + "' has " + f.length
                        + " fields (expected: CIDR REGION LAT LON)");
            }
            Prefix p;
            try {
                p = Prefix.parse(f[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            double lat = parseDegrees(where, "latitude", f[2], 90);
            double lon = parseDegrees(where, "longitude", f[3], 180);
            Integer previous = seen.putIfAbsent(p.canonical(), n + 1);
            if (previous != null) {
                throw new IllegalArgumentException(where + "prefix " + p.canonical()
                        + " already defined on line " + previous + " (expected: each prefix once)");
            }
            entries.add(new Location(f[1], lat, lon, p.canonical()));
            prefixes.add(p);
        }
        return new Coverage(entries, prefixes);
    }

    /** A coverage with no prefixes: every client falls back (see {@link Steering#locate(InetAddress)}). */
    public static Coverage empty() {
        return EMPTY;
    }

    /** Longest-prefix match of {@code client}; {@code matchedPrefix} names the prefix that matched. */
    public Optional<Location> locate(InetAddress client) {
        Objects.requireNonNull(client, "client");
        int i = indexOf(client);
        return i < 0 ? Optional.empty() : Optional.of(entries.get(i));
    }

    /** The region's location (from the first line naming it), without a matched prefix. */
    public Optional<Location> region(String region) {
        return Optional.ofNullable(regions.get(region));
    }

    /** Region names in the order of their first line. */
    public Set<String> regions() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(regions.keySet()));
    }

    /** Number of prefixes. */
    public int size() {
        return entries.size();
    }

    /** The entry at {@code index} (0-based line order of prefixes), with its prefix as matchedPrefix. */
    public Location entry(int index) {
        return entries.get(index);
    }

    /** Prefix length of the entry at {@code index}. */
    public int prefixLength(int index) {
        return prefixLengths[index];
    }

    /** Index of the longest IPv4 prefix containing {@code client}, or -1. */
    public int indexOf4(int address) {
        long a = address & 0xFFFF_FFFFL;
        for (int i = 0; i < v4Lengths.length; i++) {
            int len = v4Lengths[i];
            long masked = len == 0 ? 0 : a & (0xFFFF_FFFFL << (32 - len)) & 0xFFFF_FFFFL;
            int v = v4Maps[i].get(0, masked);
            if (v >= 0) {
                return v;
            }
        }
        return -1;
    }

    /** Index of the longest IPv6 prefix containing the address {@code hi:lo}, or -1. */
    public int indexOf6(long hi, long lo) {
        for (int i = 0; i < v6Lengths.length; i++) {
            int len = v6Lengths[i];
            int v = v6Maps[i].get(Prefix.maskHi(hi, len), Prefix.maskLo(lo, len));
            if (v >= 0) {
                return v;
            }
        }
        return -1;
    }

    /** Index of the longest prefix containing {@code client}, or -1. */
    public int indexOf(InetAddress client) {
        byte[] b = client.getAddress();
        if (b.length == 4) {
            return indexOf4(Prefix.toInt(b));
        }
        return indexOf6(Prefix.toLong(b, 0), Prefix.toLong(b, 8));
    }

    private static double parseDegrees(String where, String what, String text, double max) {
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + what + " '" + text + "' is not a number (expected: -"
                    + (int) max + ".." + (int) max + ")", e);
        }
        if (!(v >= -max && v <= max)) {
            throw new IllegalArgumentException(where + what + " " + text + " out of range (expected: -"
                    + (int) max + ".." + (int) max + ")");
        }
        return v;
    }

    private static int[] distinctLengths(List<Prefix> prefixes, boolean v6) {
        return prefixes.stream().filter(p -> p.v6 == v6).mapToInt(p -> p.length).distinct()
                .boxed().sorted(Collections.reverseOrder()).mapToInt(Integer::intValue).toArray();
    }

    private static PrefixMap[] buildMaps(List<Prefix> prefixes, boolean v6, int[] lengths) {
        PrefixMap[] maps = new PrefixMap[lengths.length];
        for (int l = 0; l < lengths.length; l++) {
            int len = lengths[l];
            long count = prefixes.stream().filter(p -> p.v6 == v6 && p.length == len).count();
            maps[l] = new PrefixMap((int) count);
            for (int i = 0; i < prefixes.size(); i++) {
                Prefix p = prefixes.get(i);
                if (p.v6 == v6 && p.length == len) {
                    maps[l].putIfAbsent(p.hi, p.lo, i);
                }
            }
        }
        return maps;
    }

    /** A parsed CIDR. IPv4 networks live in {@code lo} (low 32 bits), {@code hi = 0}. */
    static final class Prefix {
        final boolean v6;
        final long hi;
        final long lo;
        final int length;
        private final String canonical;

        private Prefix(boolean v6, long hi, long lo, int length, String canonical) {
            this.v6 = v6;
            this.hi = hi;
            this.lo = lo;
            this.length = length;
            this.canonical = canonical;
        }

        String canonical() {
            return canonical;
        }

        static Prefix parse(String cidr) {
            int slash = cidr.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("prefix '" + cidr
                        + "' has no '/LENGTH' (expected: CIDR like 10.0.0.0/8)");
            }
            String addr = cidr.substring(0, slash);
            String lenText = cidr.substring(slash + 1);
            boolean v6 = addr.indexOf(':') >= 0;
            if (!v6 && !addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                throw new IllegalArgumentException("prefix '" + cidr + "': '" + addr
                        + "' is not an IPv4 or IPv6 address (expected: CIDR like 10.0.0.0/8 or 2001:db8::/32)");
            }
            if (v6 && !addr.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("prefix '" + cidr + "': '" + addr
                        + "' is not an IPv6 address (expected: CIDR like 2001:db8::/32)");
            }
            byte[] b;
            try {
                // literal only (checked above): never a name lookup
                b = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("prefix '" + cidr + "': '" + addr + "' is not a valid address", e);
            }
            if (v6 && b.length == 4) {
                // ::ffff:a.b.c.d is folded by the JDK into IPv4; keep it simple and reject
                throw new IllegalArgumentException("prefix '" + cidr + "': IPv4-mapped IPv6 prefixes are not supported"
                        + " (expected: the plain IPv4 prefix)");
            }
            int max = b.length * 8;
            int length;
            try {
                length = Integer.parseInt(lenText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("prefix '" + cidr + "': length '" + lenText
                        + "' is not a number (expected: 0-" + max + ")", e);
            }
            if (length < 0 || length > max) {
                throw new IllegalArgumentException("prefix '" + cidr + "': length " + length
                        + " out of range (expected: 0-" + max + ")");
            }
            long hi;
            long lo;
            if (b.length == 4) {
                hi = 0;
                lo = toInt(b) & 0xFFFF_FFFFL;
                long masked = length == 0 ? 0 : lo & (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
                if (masked != lo) {
                    throw new IllegalArgumentException("prefix '" + cidr + "' has host bits set (expected: "
                            + format4(masked) + "/" + length + ")");
                }
            } else {
                hi = toLong(b, 0);
                lo = toLong(b, 8);
                if (maskHi(hi, length) != hi || maskLo(lo, length) != lo) {
                    throw new IllegalArgumentException("prefix '" + cidr + "' has host bits set (expected: the"
                            + " network address with the low " + (128 - length) + " bits zero)");
                }
            }
            String canonical = (b.length == 4 ? format4(lo) : format6(hi, lo)) + "/" + length;
            return new Prefix(b.length == 16, hi, lo, length, canonical);
        }

        static long maskHi(long hi, int len) {
            if (len >= 64) {
                return hi;
            }
            return len == 0 ? 0 : hi & (-1L << (64 - len));
        }

        static long maskLo(long lo, int len) {
            if (len <= 64) {
                return 0;
            }
            return len == 128 ? lo : lo & (-1L << (128 - len));
        }

        static int toInt(byte[] b) {
            return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        }

        static long toLong(byte[] b, int off) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (b[off + i] & 0xFF);
            }
            return v;
        }

        /** RFC 5952 text: lowercase hex, no leading zeros, the longest run of two or more zero groups as "::". */
        static String format6(long hi, long lo) {
            int[] g = new int[8];
            for (int i = 0; i < 4; i++) {
                g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
                g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
            }
            int bestStart = -1;
            int bestLen = 1;
            for (int i = 0; i < 8; ) {
                if (g[i] != 0) {
                    i++;
                    continue;
                }
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                    sb.append(':');
                }
                sb.append(Integer.toHexString(g[i]));
            }
            return sb.toString();
        }

        private static String format4(long v) {
            return ((v >>> 24) & 0xFF) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
    }
}
