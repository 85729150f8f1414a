package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Steering + a started DnsServer on 127.0.0.1:0 for zone {@code cdn.test}. Coverage puts
 * 127.0.1.0/24 in r0 (Berlin), 127.0.2.0/24 in r1 (New York), 2001:db8:1::/48 in r0, and
 * 127.0.0.0/16 in r2 (Tokyo).
 */
final class DnsFixture implements AutoCloseable {

    static final List<String> COVERAGE = List.of(
            "127.0.1.0/24    r0 52.52  13.40",
            "127.0.2.0/24    r1 40.71 -74.01",
            "127.0.0.0/16    r2 35.68 139.69",
            "2001:db8:1::/48 r0 52.52  13.40");

    final Steering steering;
    final DnsServer server;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    DnsFixture(DnsTransport transport, int answers, DnsConfig custom) throws InterruptedException {
        steering = new Steering(Coverage.parse(COVERAGE, "fixture"), new SteeringConfig(answers, 20, "cdn.test"));
        DnsConfig config = custom != null ? custom
                : DnsConfig.of(new InetSocketAddress(loopback(), 0), "cdn.test").withTransport(transport);
        server = new DnsServer(config, steering, registry);
        server.start();
    }

    DnsFixture(DnsTransport transport) throws InterruptedException {
        this(transport, 3, null);
    }

    /** The two-node devnet shape: n0 at 127.0.0.11 in r0, n1 at 127.0.0.12 in r1. */
    static List<NodeView> twoNodes() {
        return List.of(node("n0", "r0", "127.0.0.11,2001:db8::11", 50), node("n1", "r1", "127.0.0.12", 50));
    }

    static NodeView node(String id, String region, String addresses, int sparePercent) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses.split(",")) {
            try {
                list.add(InetAddress.getByName(a));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        return new NodeView(id, region, list, 8080, 1_000_000_000L, sparePercent * 10_000_000L,
                (100 - sparePercent) / 100.0, true, false);
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    InetSocketAddress udp() {
        return server.udpAddress();
    }

    InetSocketAddress tcp() {
        return server.tcpAddress();
    }

    @Override
    public void close() {
        server.close();
    }
}
