package dev.edgeweave.tracker.registry;

import dev.edgeweave.proof.crypto.Ed25519PublicKey;
import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.Location;
import dev.edgeweave.tracker.steer.SteeringSnapshot;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure checks of registry input. Every failure is a {@link RegistryException} of kind
 * {@code INVALID} whose message names the field, the value and what was expected.
 */
public final class Validation {

    /** Longest URL accepted (url, admin, origin). */
    public static final int MAX_URL_LENGTH = 512;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Names that would collide with the zone's own records ({@code ns1.ZONE} carries the NS glue). */
    private static final Pattern RESERVED = Pattern.compile("ns[0-9]*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FREE_REGION = Pattern.compile("[A-Za-z0-9._-]{1,63}");

    private Validation() {}

    /**
     * A node's viewer or admin URL: {@code http(s)://IP[:port][/]}, an IP literal (DNS answers need
     * addresses), unicast, no user info, path, query or fragment.
     */
    public static NodeEndpoint nodeUrl(String field, String value) {
        if (value == null) {
            throw RegistryException.invalid(field + ": missing (expected: http://IP:PORT)");
        }
        URI uri = parseUrl(field, value, "http://IP:PORT");
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw RegistryException.invalid(field + ": '" + value + "' has a path (expected: http://IP:PORT)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw RegistryException.invalid(field + ": '" + value
                    + "' has a query or fragment (expected: http://IP:PORT)");
        }
        String host = uri.getHost();
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(literal);
        if (address == null) {
            throw RegistryException.invalid(field + ": host '" + host + "' in '" + value
                    + "' is not an IP address (expected: an IPv4 or IPv6 literal; DNS answers need addresses)");
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw RegistryException.invalid(field + ": host '" + host + "' in '" + value
                    + "' is not a unicast address (expected: the address viewers connect to)");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : (uri.getScheme().equals("https") ? 443 : 80);
        return new NodeEndpoint(uri.getScheme(), address, port);
    }

    /** A publisher's origin: an absolute http(s) URL with a host and optional path, no query or fragment. */
    public static String origin(String value) {
        if (value == null) {
            throw RegistryException.invalid("origin: missing (expected: http(s)://HOST[:PORT][/PATH])");
        }
        URI uri = parseUrl("origin", value, "http(s)://HOST[:PORT][/PATH]");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw RegistryException.invalid("origin: '" + value
                    + "' has a query or fragment (expected: http(s)://HOST[:PORT][/PATH])");
        }
        return value;
    }

    /** A publisher name: one DNS label of [a-z0-9-], 1–63 characters, no leading/trailing '-'. */
    public static String publisherName(String value) {
        if (value == null) {
            throw RegistryException.invalid("name: missing (expected: a DNS label like 'demo')");
        }
        if (!LABEL.matcher(value).matches()) {
            throw RegistryException.invalid("name: '" + value + "' (expected: 1-63 characters of a-z, 0-9 and '-',"
                    + " not starting or ending with '-')");
        }
        if (RESERVED.matcher(value).matches()) {
            throw RegistryException.invalid("name: '" + value + "' is reserved for the zone's name servers"
                    + " (expected: another name)");
        }
        return value;
    }

    /** A public key (node or publisher id): 64 hex digits; returned lowercase-normalized as a key. */
    public static Ed25519PublicKey publicKey(String field, String value) {
        if (value == null) {
            throw RegistryException.invalid(field + ": missing (expected: 64 hex digits of an Ed25519 public key)");
        }
        String hex = value.toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(hex).matches()) {
            throw RegistryException.invalid(field + ": '" + abbreviate(value) + "' (expected: 64 hex digits of an"
                    + " Ed25519 public key)");
        }
        return Ed25519PublicKey.fromHex(hex);
    }

    /** Declared capacity in Mbit/s: 1 to 10,000,000. */
    public static long mbps(String field, Long value) {
        if (value == null) {
            throw RegistryException.invalid(field + ": missing (expected: Mbit/s, 1-10000000)");
        }
        if (value < 1 || value > 10_000_000) {
            throw RegistryException.invalid(field + ": " + value + " (expected: Mbit/s, 1-10000000)");
        }
        return value;
    }

    /**
     * A node's region: {@code given} if the coverage file names it, else (when null) the region of the
     * coverage prefix holding the node's address. Without a coverage file any 1–63 character name of
     * {@code A-Z a-z 0-9 . _ -} is accepted, and null becomes {@link SteeringSnapshot#UNLOCATED}.
     *
     * @throws RegistryException {@code INVALID / unknown_region}
     */
    public static String region(String given, NodeEndpoint endpoint, Coverage coverage) {
        Set<String> known = coverage.regions();
        if (given == null) {
            if (known.isEmpty()) {
                return SteeringSnapshot.UNLOCATED;
            }
            return coverage.locate(endpoint.address()).map(Location::region).orElseThrow(() ->
                    new RegistryException(RegistryException.Kind.INVALID, "unknown_region", "region: not given, and"
                            + " url host " + endpoint.urlHost() + " is in no prefix of the coverage file (expected:"
                            + " a region, one of " + known + ")"));
        }
        if (known.isEmpty() ? !FREE_REGION.matcher(given).matches() : !known.contains(given)) {
            throw new RegistryException(RegistryException.Kind.INVALID, "unknown_region", "region: '"
                    + abbreviate(given) + "' is not a region of the coverage file (expected: one of "
                    + (known.isEmpty() ? "[] (no coverage file: 1-63 of A-Z a-z 0-9 . _ -)" : known) + ")");
        }
        return given;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static URI parseUrl(String field, String value, String expected) {
        if (value.length() > MAX_URL_LENGTH) {
            throw RegistryException.invalid(field + ": " + value.length() + " characters (expected: at most "
                    + MAX_URL_LENGTH + ")");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw RegistryException.invalid(field + ": '" + abbreviate(value) + "' is not a URL: " + e.getReason()
                    + " (expected: " + expected + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw RegistryException.invalid(field + ": '" + abbreviate(value) + "' is not an http or https URL"
                    + " (expected: " + expected + ")");
        }
        if (!scheme.equals(uri.getScheme())) {
            try {
                uri = new URI(scheme + value.substring(scheme.length()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw RegistryException.invalid(field + ": '" + abbreviate(value) + "' has no host (expected: "
                    + expected + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw RegistryException.invalid(field + ": '" + abbreviate(value) + "' has user info (expected: "
                    + expected + ", no credentials)");
        }
        return uri;
    }
}
