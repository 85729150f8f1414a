package dev.edgeweave.cache.policy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hop-by-hop header fields (RFC 9110 §7.6.1): never forwarded, never stored. The fixed set plus every field
 * name the message's own {@code Connection} header lists.
 */
public final class HopByHop {

    /**
     * Always hop-by-hop, lower case: Connection, Keep-Alive, Proxy-Connection, TE, Trailer,
     * Transfer-Encoding, Upgrade, Proxy-Authenticate, Proxy-Authorization.
     */
    public static final Set<String> FIXED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization");

    private HopByHop() {
    }

    /** Whether {@code name} is hop-by-hop in {@code message} (fixed set or listed in its Connection). */
    public static boolean isHopByHop(String name, HeaderView message) {
        String n = name.toLowerCase(Locale.ROOT);
        if (FIXED.contains(n)) {
            return true;
        }
        for (String t : message.tokens("Connection")) {
            if (t.equalsIgnoreCase(n)) {
                return true;
            }
        }
        return false;
    }

    /** Every hop-by-hop name of {@code message}, lower case: {@link #FIXED} plus Connection's tokens. */
    public static Set<String> names(HeaderView message) {
        Set<String> out = new TreeSet<>(FIXED);
        for (String t : message.tokens("Connection")) {
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
