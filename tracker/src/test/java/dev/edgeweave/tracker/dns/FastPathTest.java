package dev.edgeweave.tracker.dns;

import static dev.edgeweave.tracker.dns.DnsClient.edns;
import static dev.edgeweave.tracker.dns.DnsClient.noRd;
import static dev.edgeweave.tracker.dns.DnsClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The wire fast path against the dnsjava path: byte-identical answers for every query the fast path
 * accepts, and the queries it must leave to the dnsjava path.
 */
class FastPathTest {

    private static final DnsConfig CONFIG = DnsConfig.of(new InetSocketAddress(ip("127.0.0.1"), 53), "cdn.test");

    private static DnsResponder responder(int answers, List<NodeView> nodes) {
        Steering steering = new Steering(Coverage.parse(DnsFixture.COVERAGE, "fixture"),
                new SteeringConfig(answers, 20, "cdn.test"));
        DnsResponder responder = new DnsResponder(CONFIG, new DnsMetrics(new SimpleMeterRegistry(), "cdn.test"));
        steering.addListener(responder);
        steering.update(nodes, List.of("demo.cdn.test", "live.video.cdn.test", "x.cdn.test"));
        return responder;
    }

    private static final DnsResponder TWO = responder(3, DnsFixture.twoNodes());
    private static final DnsResponder MANY = responder(40, many());

    private static List<NodeView> many() {
        List<NodeView> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(DnsFixture.node("n" + i, i % 2 == 0 ? "r0" : "r1", "10.0.0." + (i + 1) + ",2001:db8::" + (i + 1),
                    20 + i));
        }
        return out;
    }

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static ClientSubnetOption ecs(int source, String address) {
        return new ClientSubnetOption(source, ip(address));
    }

    private static Arguments fast(String name, Supplier<Message> query, String source) {
        return Arguments.of(name, TWO, query, source, true);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                fast("A from r0", () -> query("demo.cdn.test.", Type.A), "127.0.1.5"),
                fast("A from r1 without RD", () -> noRd(query("demo.cdn.test.", Type.A)), "127.0.2.5"),
                fast("A from r2", () -> query("demo.cdn.test.", Type.A), "127.0.0.1"),
                fast("A from an uncovered client", () -> query("demo.cdn.test.", Type.A), "192.0.2.1"),
                fast("A from an IPv6 client", () -> query("demo.cdn.test.", Type.A), "2001:db8:1::5"),
                fast("A mixed case", () -> query("DeMo.CdN.TeSt.", Type.A), "127.0.1.5"),
                fast("AAAA", () -> query("demo.cdn.test.", Type.AAAA), "127.0.2.5"),
                fast("MX is NODATA", () -> query("demo.cdn.test.", Type.MX), "127.0.1.5"),
                fast("TXT at apex is NODATA", () -> query("cdn.test.", Type.TXT), "127.0.1.5"),
                fast("SOA", () -> query("cdn.test.", Type.SOA), "127.0.1.5"),
                fast("NS with glue", () -> query("CDN.test.", Type.NS), "127.0.1.5"),
                fast("name server A", () -> query("ns1.cdn.test.", Type.A), "127.0.1.5"),
                fast("name server AAAA is NODATA", () -> query("ns1.cdn.test.", Type.AAAA), "127.0.1.5"),
                fast("empty non-terminal", () -> query("video.cdn.test.", Type.A), "127.0.1.5"),
                fast("deeper steered name", () -> query("live.video.cdn.test.", Type.A), "127.0.2.5"),
                fast("EDNS", () -> edns(query("demo.cdn.test.", Type.A), 1232), "127.0.1.5"),
                fast("EDNS payload above ours", () -> edns(query("demo.cdn.test.", Type.A), 4096), "127.0.1.5"),
                fast("EDNS with DO", () -> {
                    Message m = query("demo.cdn.test.", Type.A);
                    m.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
                    return m;
                }, "127.0.1.5"),
                fast("CD copied", () -> {
                    Message m = query("demo.cdn.test.", Type.A);
                    m.getHeader().setFlag(Flags.CD);
                    return m;
                }, "127.0.1.5"),
                fast("ECS /24 in r1", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(24, "127.0.2.0")), "127.0.1.5"),
                fast("ECS /20 capped scope", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(20, "127.0.0.0")),
                        "127.0.1.5"),
                fast("ECS /32", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(32, "127.0.2.77")), "127.0.1.5"),
                fast("ECS /0 uses the source", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(0, "0.0.0.0")),
                        "127.0.2.5"),
                fast("ECS /0 IPv6 family", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(0, "::")), "127.0.2.5"),
                fast("ECS /21 odd length", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(21, "127.0.8.0")),
                        "127.0.1.5"),
                fast("ECS IPv6 /56", () -> edns(query("demo.cdn.test.", Type.AAAA), 1232, ecs(56, "2001:db8:1:ab00::")),
                        "127.0.2.5"),
                fast("ECS IPv6 uncovered", () -> edns(query("demo.cdn.test.", Type.A), 1232, ecs(48, "2001:db8:9::")),
                        "127.0.2.5"),
                fast("ECS on SOA has scope 0", () -> edns(query("cdn.test.", Type.SOA), 1232, ecs(24, "127.0.2.0")),
                        "127.0.1.5"),
                fast("ECS on NODATA has scope 0", () -> edns(query("demo.cdn.test.", Type.MX), 1232, ecs(24, "127.0.2.0")),
                        "127.0.1.5"),
                fast("cookie and ECS", () -> edns(query("demo.cdn.test.", Type.A), 1232,
                        new CookieOption(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), ecs(24, "127.0.2.0")), "127.0.1.5"),
                Arguments.of("truncated without EDNS", MANY, (Supplier<Message>) () -> query("demo.cdn.test.", Type.A),
                        "127.0.1.5", true),
                Arguments.of("truncated at EDNS 512 with ECS", MANY, (Supplier<Message>) () ->
                        edns(query("demo.cdn.test.", Type.A), 512, ecs(24, "127.0.2.0")), "127.0.1.5", true),
                Arguments.of("40 answers in 1232", MANY, (Supplier<Message>) () ->
                        edns(query("demo.cdn.test.", Type.A), 1232), "127.0.1.5", true),
                Arguments.of("40 AAAA truncated in 1232", MANY, (Supplier<Message>) () ->
                        edns(query("demo.cdn.test.", Type.AAAA), 1232), "127.0.1.5", true),
                Arguments.of("40 AAAA over TCP", MANY, (Supplier<Message>) () ->
                        query("demo.cdn.test.", Type.AAAA), "127.0.1.5", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void fast_path_answers_byte_identically_to_the_dnsjava_path(String name, DnsResponder responder,
                                                                Supplier<Message> query, String source, boolean udp) {
        byte[] packet = query.get().toWire();
        InetAddress from = ip(source);
        FastPath fast = new FastPath();
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        int n;
        try {
            n = fast.answer(responder.table(), buf, from, udp);
        } finally {
            buf.release();
        }
        assertThat(n).as("accepted by the fast path").isNotEqualTo(FastPath.SLOW);
        byte[] slow = DnsResponder.slow(responder.table().model, packet, from, udp);
        assertThat(HexFormat.of().formatHex(Arrays.copyOf(fast.out, n))).isEqualTo(HexFormat.of().formatHex(slow));
    }

    static Stream<Arguments> leftToDnsjava() {
        return Stream.of(
                Arguments.of("ANY", (Supplier<byte[]>) () -> query("demo.cdn.test.", Type.ANY).toWire()),
                Arguments.of("AXFR", (Supplier<byte[]>) () -> query("cdn.test.", Type.AXFR).toWire()),
                Arguments.of("unknown name", (Supplier<byte[]>) () -> query("nope.cdn.test.", Type.A).toWire()),
                Arguments.of("outside the zone", (Supplier<byte[]>) () -> query("example.com.", Type.A).toWire()),
                Arguments.of("two ECS options", (Supplier<byte[]>) () -> edns(query("demo.cdn.test.", Type.A), 1232,
                        ecs(24, "127.0.2.0"), ecs(24, "127.0.1.0")).toWire()),
                Arguments.of("EDNS version 1", (Supplier<byte[]>) () -> {
                    Message m = query("demo.cdn.test.", Type.A);
                    m.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
                    return m.toWire();
                }),
                Arguments.of("trailing byte", (Supplier<byte[]>) () -> {
                    byte[] q = query("demo.cdn.test.", Type.A).toWire();
                    return Arrays.copyOf(q, q.length + 1);
                }),
                Arguments.of("TC in query", (Supplier<byte[]>) () -> {
                    Message m = query("demo.cdn.test.", Type.A);
                    m.getHeader().setFlag(Flags.TC);
                    return m.toWire();
                }),
                Arguments.of("opcode NOTIFY", (Supplier<byte[]>) () -> {
                    Message m = query("cdn.test.", Type.SOA);
                    m.getHeader().setOpcode(Opcode.NOTIFY);
                    return m.toWire();
                }),
                Arguments.of("class CH", (Supplier<byte[]>) () -> {
                    byte[] q = query("demo.cdn.test.", Type.A).toWire();
                    q[q.length - 1] = 3;
                    return q;
                }),
                Arguments.of("ECS with scope set", (Supplier<byte[]>) () -> DnsServerTest.appendOption(
                        edns(query("demo.cdn.test.", Type.A), 1232).toWire(),
                        new byte[] {0, 8, 0, 7, 0, 1, 24, 8, 127, 0, 2})),
                Arguments.of("ECS with bits past the source prefix", (Supplier<byte[]>) () -> DnsServerTest.appendOption(
                        edns(query("demo.cdn.test.", Type.A), 1232).toWire(),
                        new byte[] {0, 8, 0, 7, 0, 1, 20, 0, 127, 0, 2})),
                Arguments.of("ECS IPv4-mapped IPv6", (Supplier<byte[]>) () -> DnsServerTest.appendOption(
                        edns(query("demo.cdn.test.", Type.A), 1232).toWire(),
                        new byte[] {0, 8, 0, 20, 0, 2, (byte) 128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
                                (byte) 0xFF, 127, 0, 2, 1})),
                Arguments.of("short packet", (Supplier<byte[]>) () -> new byte[] {1, 2, 3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leftToDnsjava")
    void unusual_queries_are_left_to_the_dnsjava_path(String name, Supplier<byte[]> packet) {
        ByteBuf buf = Unpooled.wrappedBuffer(packet.get());
        try {
            assertThat(new FastPath().answer(TWO.table(), buf, ip("127.0.1.5"), true)).isEqualTo(FastPath.SLOW);
        } finally {
            buf.release();
        }
    }
}
