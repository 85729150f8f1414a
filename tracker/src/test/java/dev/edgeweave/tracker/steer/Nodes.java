package dev.edgeweave.tracker.steer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Test factory for {@link NodeView}s. */
final class Nodes {

    private Nodes() {
    }

    /** A healthy node with 1 Gbit/s capacity and {@code sparePercent} spare. */
    static NodeView node(String id, String region, String address, int sparePercent) {
        return new NodeView(id, region, addresses(address), 8080, 1_000_000_000L, sparePercent * 10_000_000L,
                (100 - sparePercent) / 100.0, true, false);
    }

    static NodeView unhealthy(NodeView n) {
        return new NodeView(n.id(), n.region(), n.addresses(), n.port(), n.maxBandwidthBps(), n.spareBandwidthBps(),
                n.load(), false, n.draining());
    }

    static NodeView draining(NodeView n) {
        return new NodeView(n.id(), n.region(), n.addresses(), n.port(), n.maxBandwidthBps(), n.spareBandwidthBps(),
                n.load(), n.healthy(), true);
    }

    static List<InetAddress> addresses(String csv) {
        List<InetAddress> out = new ArrayList<>();
        for (String a : csv.split(",")) {
            try {
                out.add(InetAddress.getByName(a.trim()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(a, e);
            }
        }
        return out;
    }

    static InetAddress ip(String literal) {
        return addresses(literal).get(0);
    }
}
