package dev.edgeweave.tracker.steer;

import static dev.edgeweave.tracker.steer.Nodes.draining;
import static dev.edgeweave.tracker.steer.Nodes.ip;
import static dev.edgeweave.tracker.steer.Nodes.node;
import static dev.edgeweave.tracker.steer.Nodes.unhealthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SteeringTest {

    /** Berlin, New York, Tokyo, London. */
    private static final Coverage COVERAGE = Coverage.parse(List.of(
            "127.0.1.0/24 r0 52.52 13.40",
            "127.0.2.0/24 r1 40.71 -74.01",
            "127.0.3.0/24 r2 35.68 139.69",
            "127.0.4.0/24 r3 51.51 -0.13"), "test");

    private final Steering steering = new Steering(COVERAGE, SteeringConfig.of("cdn.test"));

    private static List<String> ids(List<RankedNode> ranked) {
        List<String> out = new ArrayList<>();
        ranked.forEach(r -> out.add(r.node().id()));
        return out;
    }

    @Test
    void a_client_gets_its_own_regions_node_first_then_by_distance() {
        steering.update(List.of(
                node("berlin", "r0", "127.0.0.11", 50),
                node("newyork", "r1", "127.0.0.12", 50),
                node("tokyo", "r2", "127.0.0.13", 50),
                node("london", "r3", "127.0.0.14", 50)), List.of("demo.cdn.test"));

        assertThat(ids(steering.rank("demo.cdn.test", ip("127.0.1.5"), null)))
                .containsExactly("berlin", "london", "newyork", "tokyo");
        assertThat(ids(steering.rank("demo.cdn.test", ip("127.0.2.5"), null)))
                .containsExactly("newyork", "london", "berlin", "tokyo");
        List<RankedNode> fromTokyo = steering.rank("DEMO.cdn.test.", ip("127.0.3.9"), null);
        assertThat(fromTokyo.get(0).node().id()).isEqualTo("tokyo");
        assertThat(fromTokyo.get(0).rank()).isEqualTo(1);
        assertThat(fromTokyo.get(0).distanceKm()).isZero();
        assertThat(fromTokyo.get(1).distanceKm()).isBetween(8_000.0, 9_500.0);   // Tokyo-Berlin ~8,900 km
    }

    @Test
    void spare_capacity_orders_nodes_within_a_region_by_quarter_bands() {
        steering.update(List.of(
                node("busy", "r0", "127.0.0.11", 10),
                node("idle", "r0", "127.0.0.12", 90),
                node("half", "r0", "127.0.0.13", 60)), List.of("demo.cdn.test"));
        assertThat(ids(steering.rank("demo.cdn.test", ip("127.0.1.5"), null))).containsExactly("idle", "half", "busy");
    }

    @Test
    void distance_beats_spare_capacity() {
        steering.update(List.of(
                node("near-busy", "r0", "127.0.0.11", 5),
                node("far-idle", "r2", "127.0.0.12", 100)), List.of("demo.cdn.test"));
        assertThat(steering.pick("demo.cdn.test", ip("127.0.1.5"), null).orElseThrow().id()).isEqualTo("near-busy");
    }

    @Test
    void unhealthy_and_draining_nodes_never_appear() {
        NodeView a = node("a", "r0", "127.0.0.11", 50);
        NodeView b = node("b", "r0", "127.0.0.12", 50);
        NodeView c = node("c", "r1", "127.0.0.13", 50);
        steering.update(List.of(a, b, c), List.of("demo.cdn.test"));
        assertThat(ids(steering.rank("demo.cdn.test", ip("127.0.1.5"), null))).containsExactlyInAnyOrder("a", "b", "c");

        steering.update(List.of(unhealthy(a), draining(b), c), List.of("demo.cdn.test"));
        assertThat(ids(steering.rank("demo.cdn.test", ip("127.0.1.5"), null))).containsExactly("c");

        steering.update(List.of(unhealthy(a), draining(b), unhealthy(c)), List.of("demo.cdn.test"));
        assertThat(steering.pick("demo.cdn.test", ip("127.0.1.5"), null)).isEmpty();
    }

    @Test
    void a_node_without_region_is_placed_by_its_address() {
        steering.update(List.of(
                node("placed", null, "127.0.2.50", 50),
                node("named", "r0", "127.0.0.12", 50)), List.of("demo.cdn.test"));
        assertThat(steering.snapshot().regionOf("placed")).contains("r1");
        assertThat(steering.pick("demo.cdn.test", ip("127.0.2.5"), null).orElseThrow().id()).isEqualTo("placed");
    }

    @Test
    void a_node_nobody_can_place_ranks_after_every_located_node() {
        steering.update(List.of(
                node("lost", null, "192.0.2.1", 100),
                node("far", "r2", "127.0.0.12", 10)), List.of("demo.cdn.test"));
        List<RankedNode> ranked = steering.rank("demo.cdn.test", ip("127.0.1.5"), null);
        assertThat(ids(ranked)).containsExactly("far", "lost");
        assertThat(ranked.get(1).distanceKm()).isEqualTo(Steering.UNKNOWN_DISTANCE_KM);
        assertThat(ranked.get(1).why()).contains("region unlocated", "distance unknown");
    }

    @Test
    void unknown_clients_fall_back_to_the_region_with_the_most_eligible_nodes() {
        steering.update(List.of(
                node("a", "r2", "127.0.0.11", 50),
                node("b", "r2", "127.0.0.12", 50),
                node("c", "r1", "127.0.0.13", 50)), List.of("demo.cdn.test"));
        Location l = steering.locate(ip("192.0.2.1"));
        assertThat(l.region()).isEqualTo("r2");
        assertThat(l.matchedPrefix()).isNull();
        assertThat(steering.pick("demo.cdn.test", ip("192.0.2.1"), null).orElseThrow().region()).isEqualTo("r2");
    }

    @Test
    void fallback_is_the_first_coverage_region_when_no_node_is_eligible_and_unknown_without_coverage() {
        assertThat(steering.locate(ip("192.0.2.1")).region()).isEqualTo("r0");
        Steering bare = new Steering(Coverage.empty(), SteeringConfig.of("cdn.test"));
        assertThat(bare.locate(ip("192.0.2.1")).region()).isEqualTo("unknown");
        bare.update(List.of(node("x", "r9", "127.0.0.11", 50)), List.of("demo.cdn.test"));
        assertThat(bare.pick("demo.cdn.test", ip("192.0.2.1"), null)).isPresent();
    }

    @Test
    void reasons_can_be_read_back() {
        steering.update(List.of(
                node("berlin", "r0", "127.0.0.11", 80),
                node("newyork", "r1", "127.0.0.12", 50)), List.of("demo.cdn.test"));
        List<RankedNode> ranked = steering.rank("demo.cdn.test", ip("127.0.1.5"), null);
        assertThat(ranked.get(0).why()).matches("region r0 \\(same as client\\), 0 km, spare 80%, hrw 0x[0-9a-f]{16}");
        assertThat(ranked.get(1).why()).matches("region r1 \\(client in r0\\), 63\\d\\d km, spare 50%, hrw 0x[0-9a-f]{16}");
        assertThat(ranked.get(0).spareRatio()).isEqualTo(0.8);
        assertThat(ranked.get(0).rendezvous()).isEqualTo(Rendezvous.weight("demo.cdn.test", "berlin"));
    }

    @Test
    void hostnames_not_given_to_update_get_no_nodes() {
        steering.update(List.of(node("a", "r0", "127.0.0.11", 50)), List.of("demo.cdn.test"));
        assertThat(steering.rank("other.cdn.test", ip("127.0.1.5"), null)).isEmpty();
        assertThat(steering.pick("other.cdn.test", ip("127.0.1.5"), null)).isEmpty();
    }

    @Test
    void rendezvous_spreads_twenty_hostnames_over_three_nodes_of_a_region() {
        List<NodeView> three = List.of(node("n1", "r0", "127.0.0.11", 50), node("n2", "r0", "127.0.0.12", 50),
                node("n3", "r0", "127.0.0.13", 50));
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hosts.add("site" + i + ".cdn.test");
        }
        steering.update(three, hosts);
        Map<String, Integer> firsts = new HashMap<>();
        for (String h : hosts) {
            firsts.merge(steering.pick(h, ip("127.0.1.5"), null).orElseThrow().id(), 1, Integer::sum);
        }
        assertThat(firsts).containsOnlyKeys("n1", "n2", "n3");
        assertThat(firsts.values()).allSatisfy(count -> assertThat(count).isBetween(3, 11));
    }

    @Test
    void adding_a_node_moves_only_about_one_nth_of_names_and_only_to_the_new_node() {
        List<NodeView> nodes = new ArrayList<>(List.of(node("n1", "r0", "127.0.0.11", 50),
                node("n2", "r0", "127.0.0.12", 50), node("n3", "r0", "127.0.0.13", 50)));
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            hosts.add("site" + i + ".cdn.test");
        }
        steering.update(nodes, hosts);
        Map<String, String> before = new HashMap<>();
        hosts.forEach(h -> before.put(h, steering.pick(h, ip("127.0.1.5"), null).orElseThrow().id()));

        nodes.add(node("n4", "r0", "127.0.0.14", 50));
        steering.update(nodes, hosts);
        int moved = 0;
        for (String h : hosts) {
            String now = steering.pick(h, ip("127.0.1.5"), null).orElseThrow().id();
            if (!now.equals(before.get(h))) {
                moved++;
                assertThat(now).as("a name that moved goes to the new node").isEqualTo("n4");
            }
        }
        assertThat(moved).isBetween(180, 320);   // expected 1000/4 = 250
    }

    @Test
    void object_keys_spread_one_hostname_over_the_region() {
        steering.update(List.of(node("n1", "r0", "127.0.0.11", 50), node("n2", "r0", "127.0.0.12", 50)),
                List.of("demo.cdn.test"));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            firsts.merge(steering.pick("demo.cdn.test", ip("127.0.1.5"), "/live/seg-" + i + ".ts").orElseThrow().id(),
                    1, Integer::sum);
        }
        assertThat(firsts).containsOnlyKeys("n1", "n2");
    }

    @Test
    void listeners_see_every_update_before_it_returns() {
        AtomicReference<SteeringSnapshot> seen = new AtomicReference<>();
        steering.addListener(seen::set);
        assertThat(seen.get().generation()).isZero();
        steering.update(List.of(node("a", "r0", "127.0.0.11", 50)), List.of("demo.cdn.test"));
        assertThat(seen.get().generation()).isEqualTo(1);
        assertThat(seen.get().eligibleNodes()).extracting(NodeView::id).containsExactly("a");
    }

    @Test
    void rejects_duplicate_ids_and_bad_hostnames() {
        assertThatThrownBy(() -> steering.update(
                List.of(node("a", "r0", "127.0.0.11", 50), node("a", "r1", "127.0.0.12", 50)), List.of()))
                .hasMessage("nodes: duplicate id 'a' (expected: unique ids)");
        assertThatThrownBy(() -> steering.update(List.of(), List.of("bad..name")))
                .hasMessageContaining("hostname: 'bad..name'");
    }

    @Test
    void config_and_node_views_validate_their_fields() {
        assertThatThrownBy(() -> new SteeringConfig(0, 20, "cdn.test")).hasMessage("answers: 0 (expected: 1-64)");
        assertThatThrownBy(() -> new SteeringConfig(3, 0, "cdn.test")).hasMessage("ttlSeconds: 0 (expected: 1-86400)");
        assertThat(new SteeringConfig(3, 20, "CDN.Test.").zone()).isEqualTo("cdn.test");
        List<InetAddress> addrs = Nodes.addresses("127.0.0.11");
        assertThatThrownBy(() -> new NodeView("a", "r0", addrs, 0, 1, 1, 0, true, false))
                .hasMessage("port: 0 (expected: 1-65535) for node a");
        assertThatThrownBy(() -> new NodeView("a", "r0", addrs, 80, 1, -1, 0, true, false))
                .hasMessage("spareBandwidthBps: -1 (expected: >= 0) for node a");
        assertThatThrownBy(() -> new NodeView(" ", "r0", addrs, 80, 1, 1, 0, true, false))
                .hasMessageContaining("id: ' '");
        assertThatThrownBy(() -> new NodeView("a", "r0", addrs, 80, 1, 1, Double.NaN, true, false))
                .hasMessageContaining("load: NaN");
    }
}
