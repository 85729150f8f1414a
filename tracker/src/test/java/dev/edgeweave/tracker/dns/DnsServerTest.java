package dev.edgeweave.tracker.dns;

import static dev.edgeweave.tracker.dns.DnsClient.edns;
import static dev.edgeweave.tracker.dns.DnsClient.query;
import static dev.edgeweave.tracker.dns.DnsClient.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.edgeweave.tracker.steer.NodeView;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Real DNS over real UDP and TCP sockets, on epoll and on NIO. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = DnsTransport.class, names = {"EPOLL", "NIO"})
class DnsServerTest {

    @Parameter
    DnsTransport transport;

    private DnsFixture dns;

    @BeforeEach
    void start() throws InterruptedException {
        dns = new DnsFixture(transport);
        dns.steering.update(DnsFixture.twoNodes(), List.of("demo.cdn.test", "live.video.cdn.test"));
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private static List<String> addresses(Message m, int type) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r.getType() == type) {
                out.add(r instanceof ARecord a ? a.getAddress().getHostAddress()
                        : ((AAAARecord) r).getAddress().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void clients_from_two_regions_get_their_own_regions_node_first() {
        Message r0 = udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A));
        Message r1 = udp(dns.udp(), "127.0.2.5", query("demo.cdn.test.", Type.A));
        assertThat(r0.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r0.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r0.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(addresses(r0, Type.A)).containsExactly("127.0.0.11", "127.0.0.12");
        assertThat(addresses(r1, Type.A)).containsExactly("127.0.0.12", "127.0.0.11");
        assertThat(r0.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(20);
    }

    @Test
    void port_is_shared_by_udp_and_tcp_and_tcp_answers_the_same() {
        assertThat(dns.tcp().getPort()).isEqualTo(dns.udp().getPort());
        Message tcp = DnsClient.tcp(dns.tcp(), query("demo.cdn.test.", Type.A));
        // TCP clients connect from 127.0.0.1, which coverage puts in r2 (Tokyo): Berlin is nearer
        assertThat(addresses(tcp, Type.A)).containsExactly("127.0.0.11", "127.0.0.12");
    }

    @Test
    void ecs_overrides_the_source_address_and_is_echoed_with_scope() throws Exception {
        ClientSubnetOption ecs = new ClientSubnetOption(24, InetAddress.getByName("127.0.2.0"));
        Message r = udp(dns.udp(), "127.0.1.5", edns(query("demo.cdn.test.", Type.A), 1232, ecs));
        assertThat(addresses(r, Type.A)).containsExactly("127.0.0.12", "127.0.0.11");
        ClientSubnetOption echo = (ClientSubnetOption) r.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(echo.getFamily()).isEqualTo(1);
        assertThat(echo.getSourcePrefixLength()).isEqualTo(24);
        assertThat(echo.getScopePrefixLength()).isEqualTo(24);
        assertThat(echo.getAddress().getHostAddress()).isEqualTo("127.0.2.0");
        assertThat(r.getOPT().getPayloadSize()).isEqualTo(DnsConfig.DEFAULT_EDNS_PAYLOAD);
    }

    @Test
    void ecs_scope_is_capped_at_the_source_prefix_and_zero_for_answers_that_do_not_depend_on_the_client()
            throws Exception {
        ClientSubnetOption wide = new ClientSubnetOption(20, InetAddress.getByName("127.0.0.0"));
        Message r = udp(dns.udp(), "127.0.1.5", edns(query("demo.cdn.test.", Type.A), 1232, wide));
        ClientSubnetOption echo = (ClientSubnetOption) r.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(echo.getScopePrefixLength()).as("127.0.0.0/16 matched, capped at /20 -> 16").isEqualTo(16);

        ClientSubnetOption v6 = new ClientSubnetOption(56, InetAddress.getByName("2001:db8:1:ab00::"));
        Message six = udp(dns.udp(), "127.0.2.5", edns(query("demo.cdn.test.", Type.A), 1232, v6));
        assertThat(addresses(six, Type.A)).first().isEqualTo("127.0.0.11");
        ClientSubnetOption echo6 = (ClientSubnetOption) six.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(echo6.getFamily()).isEqualTo(2);
        assertThat(echo6.getScopePrefixLength()).isEqualTo(48);

        Message soa = udp(dns.udp(), "127.0.1.5", edns(query("cdn.test.", Type.SOA), 1232,
                new ClientSubnetOption(24, InetAddress.getByName("127.0.2.0"))));
        ClientSubnetOption echoSoa = (ClientSubnetOption) soa.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
        assertThat(echoSoa.getScopePrefixLength()).isZero();
    }

    @Test
    void malformed_ecs_gets_formerr() {
        byte[] q = edns(query("demo.cdn.test.", Type.A), 1232).toWire();
        // append an ECS option with family 3 by hand: code 8, len 4, family 3, source 0, scope 0
        byte[] bad = appendOption(q, new byte[] {0, 8, 0, 4, 0, 3, 0, 0});
        Message r = DnsClient.parse(DnsClient.udp(dns.udp(), "127.0.1.5", bad));
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void truncates_over_udp_with_many_nodes_then_answers_in_full_over_tcp() throws Exception {
        dns.close();
        dns = new DnsFixture(transport, 40, null);
        List<NodeView> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(DnsFixture.node("n" + i, "r0", "10.0.0." + (i + 1), 50));
        }
        dns.steering.update(many, List.of("demo.cdn.test"));

        Message small = udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A));
        assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(small.getSection(Section.ANSWER)).isEmpty();
        assertThat(small.getQuestion().getName()).isEqualTo(Name.fromString("demo.cdn.test."));

        Message smallEdns = udp(dns.udp(), "127.0.1.5", edns(query("demo.cdn.test.", Type.A), 512));
        assertThat(smallEdns.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(smallEdns.getOPT()).isNotNull();

        Message big = udp(dns.udp(), "127.0.1.5", edns(query("demo.cdn.test.", Type.A), 4096));
        assertThat(big.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(addresses(big, Type.A)).hasSize(40);

        Message tcp = DnsClient.tcp(dns.tcp(), query("demo.cdn.test.", Type.A));
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(addresses(tcp, Type.A)).hasSize(40);
        assertThat(counter("edgeweave.dns.truncated")).isEqualTo(2);
    }

    @Test
    void a_node_marked_unhealthy_or_draining_leaves_the_answers_after_update() {
        List<NodeView> nodes = DnsFixture.twoNodes();
        NodeView n0 = nodes.get(0);
        NodeView sick = new NodeView(n0.id(), n0.region(), n0.addresses(), n0.port(), n0.maxBandwidthBps(),
                n0.spareBandwidthBps(), n0.load(), false, false);
        dns.steering.update(List.of(sick, nodes.get(1)), List.of("demo.cdn.test"));
        assertThat(addresses(udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A)), Type.A))
                .containsExactly("127.0.0.12");

        NodeView drained = new NodeView(n0.id(), n0.region(), n0.addresses(), n0.port(), n0.maxBandwidthBps(),
                n0.spareBandwidthBps(), n0.load(), true, true);
        dns.steering.update(List.of(drained, nodes.get(1)), List.of("demo.cdn.test"));
        assertThat(addresses(udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A)), Type.A))
                .containsExactly("127.0.0.12");

        dns.steering.update(nodes, List.of("demo.cdn.test"));
        assertThat(addresses(udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A)), Type.A))
                .containsExactly("127.0.0.11", "127.0.0.12");
    }

    @Test
    void malformed_packets_get_formerr_and_the_server_keeps_answering() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[12 + random.nextInt(60)];
            random.nextBytes(garbage);
            garbage[2] &= 0x7F;   // QR clear: a query, not a response
            garbage[4] = (byte) 0xFF;  // QDCOUNT that cannot be satisfied
            Message r = DnsClient.parse(DnsClient.udp(dns.udp(), "127.0.1.5", garbage));
            assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(r.getHeader().getID()).isEqualTo(((garbage[0] & 0xFF) << 8) | (garbage[1] & 0xFF));
        }
        byte[] shortHeader = {0x12, 0x34, 0x01, 0x00, 0x00};
        Message r = DnsClient.parse(DnsClient.udp(dns.udp(), "127.0.1.5", shortHeader));
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getID()).isEqualTo(0x1234);
        assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();

        byte[] badLabel = query("demo.cdn.test.", Type.A).toWire();
        badLabel[12] = 0x45;   // label type 01: not a length, not a pointer
        assertThat(DnsClient.parse(DnsClient.udp(dns.udp(), "127.0.1.5", badLabel)).getRcode()).isEqualTo(Rcode.FORMERR);

        byte[] overrun = query("demo.cdn.test.", Type.A).toWire();
        overrun[12] = 60;      // label runs past the end of the packet
        assertThat(DnsClient.parse(DnsClient.udp(dns.udp(), "127.0.1.5", overrun)).getRcode()).isEqualTo(Rcode.FORMERR);

        assertThat(addresses(udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A)), Type.A)).hasSize(2);
        // and over TCP: garbage on a connection is answered, the connection stays usable
        try (Socket s = new Socket()) {
            s.connect(dns.tcp(), 10_000);
            s.setSoTimeout(10_000);
            assertThat(DnsClient.parse(DnsClient.exchange(s, shortHeader)).getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(addresses(DnsClient.parse(DnsClient.exchange(s, query("demo.cdn.test.", Type.A).toWire())),
                    Type.A)).hasSize(2);
        }
    }

    @Test
    void packets_that_claim_to_be_responses_are_dropped() {
        byte[] response = query("demo.cdn.test.", Type.A).toWire();
        response[2] |= (byte) 0x80;
        assertThat(DnsClient.udpGetsNoReply(dns.udp(), "127.0.1.5", response, 300)).isTrue();
        assertThat(counter("edgeweave.dns.dropped")).isEqualTo(1);
    }

    @Test
    void refuses_names_outside_the_zone() {
        Message r = udp(dns.udp(), "127.0.1.5", query("example.com.", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getQuestion().getName().toString()).isEqualTo("example.com.");
        assertThat(udp(dns.udp(), "127.0.1.5", query("notcdn.test.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void unknown_names_get_nxdomain_with_the_soa() throws Exception {
        Message r = udp(dns.udp(), "127.0.1.5", query("nope.cdn.test.", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        SOARecord soa = (SOARecord) r.getSection(Section.AUTHORITY).get(0);
        assertSoa(soa);
        assertThat(udp(dns.udp(), "127.0.1.5", query("x.demo.cdn.test.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void known_names_without_data_of_the_type_get_nodata_with_the_soa() {
        for (Message r : List.of(
                udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.MX)),
                udp(dns.udp(), "127.0.1.5", query("video.cdn.test.", Type.A)),     // empty non-terminal
                udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.TXT)))) {
            assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(r.getSection(Section.ANSWER)).isEmpty();
            assertThat(r.getSection(Section.AUTHORITY)).hasSize(1).first().isInstanceOf(SOARecord.class);
        }
    }

    @Test
    void soa_and_ns_queries_are_answered_with_glue() throws Exception {
        Message soa = udp(dns.udp(), "127.0.1.5", query("cdn.test.", Type.SOA));
        assertThat(soa.getRcode()).isEqualTo(Rcode.NOERROR);
        assertSoa((SOARecord) soa.getSection(Section.ANSWER).get(0));

        Message ns = udp(dns.udp(), "127.0.1.5", query("cdn.test.", Type.NS));
        NSRecord nsRecord = (NSRecord) ns.getSection(Section.ANSWER).get(0);
        assertThat(nsRecord.getTarget()).isEqualTo(Name.fromString("ns1.cdn.test."));
        ARecord glue = (ARecord) ns.getSection(Section.ADDITIONAL).get(0);
        assertThat(glue.getName()).isEqualTo(Name.fromString("ns1.cdn.test."));
        assertThat(glue.getAddress().getHostAddress()).isEqualTo("127.0.0.1");

        Message nsHost = udp(dns.udp(), "127.0.1.5", query("ns1.cdn.test.", Type.A));
        assertThat(addresses(nsHost, Type.A)).containsExactly("127.0.0.1");
    }

    @Test
    void aaaa_lists_only_nodes_with_ipv6_addresses() {
        Message r = udp(dns.udp(), "127.0.2.5", query("demo.cdn.test.", Type.AAAA));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(addresses(r, Type.AAAA)).containsExactly("2001:db8:0:0:0:0:0:11");
    }

    @Test
    void question_letter_case_is_echoed() {
        Message r = udp(dns.udp(), "127.0.1.5", query("DeMo.CDN.tEsT.", Type.A));
        assertThat(r.getQuestion().getName().toString()).isEqualTo("DeMo.CDN.tEsT.");
        assertThat(addresses(r, Type.A)).hasSize(2);
    }

    @Test
    void unsupported_edns_version_gets_badvers() {
        Message q = query("demo.cdn.test.", Type.A);
        q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message r = udp(dns.udp(), "127.0.1.5", q);
        assertThat(r.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(r.getOPT().getVersion()).isZero();
    }

    @Test
    void zone_transfers_are_refused_and_other_opcodes_not_implemented() {
        assertThat(DnsClient.tcp(dns.tcp(), query("cdn.test.", Type.AXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
        Message notify = query("cdn.test.", Type.SOA);
        notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
        assertThat(udp(dns.udp(), "127.0.1.5", notify).getRcode()).isEqualTo(Rcode.NOTIMP);
    }

    @Test
    void tcp_answers_several_queries_on_one_connection() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(dns.tcp(), 10_000);
            s.setSoTimeout(10_000);
            for (int i = 0; i < 5; i++) {
                Message q = query(i % 2 == 0 ? "demo.cdn.test." : "cdn.test.", i % 2 == 0 ? Type.A : Type.SOA);
                Message r = DnsClient.parse(DnsClient.exchange(s, q.toWire()));
                assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
                assertThat(r.getSection(Section.ANSWER)).isNotEmpty();
            }
        }
    }

    @Test
    void idle_tcp_connections_are_closed() throws Exception {
        dns.close();
        InetSocketAddress bind = new InetSocketAddress(DnsFixture.loopback(), 0);
        dns = new DnsFixture(transport, 3, DnsConfig.of(bind, "cdn.test").withTransport(transport)
                .withTcpIdleTimeout(Duration.ofMillis(200)));
        try (Socket s = new Socket()) {
            s.connect(dns.tcp(), 10_000);
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            await().atMost(Duration.ofSeconds(30)).until(() -> in.read() == -1);
        }
    }

    @Test
    void counts_queries_by_path_and_responses_by_rcode() {
        udp(dns.udp(), "127.0.1.5", query("demo.cdn.test.", Type.A));
        udp(dns.udp(), "127.0.1.5", query("nope.cdn.test.", Type.A));
        assertThat(dns.registry.get("edgeweave.dns.queries").tag("transport", "udp").tag("path", "fast")
                .functionCounter().count()).isEqualTo(1);
        assertThat(dns.registry.get("edgeweave.dns.responses").tag("rcode", "NXDOMAIN").functionCounter().count())
                .isEqualTo(1);
    }

    private double counter(String name) {
        return dns.registry.get(name).functionCounter().count();
    }

    private static void assertSoa(SOARecord soa) throws Exception {
        assertThat(soa.getName()).isEqualTo(Name.fromString("cdn.test."));
        assertThat(soa.getHost()).isEqualTo(Name.fromString("ns1.cdn.test."));
        assertThat(soa.getAdmin()).isEqualTo(Name.fromString("hostmaster.cdn.test."));
        assertThat(soa.getMinimum()).isEqualTo(20);
        assertThat(soa.getTTL()).isEqualTo(20);
    }

    /** Appends an EDNS option to the OPT record that ends {@code query} (fixing its RDLENGTH). */
    static byte[] appendOption(byte[] query, byte[] option) {
        byte[] out = java.util.Arrays.copyOf(query, query.length + option.length);
        System.arraycopy(option, 0, out, query.length, option.length);
        int rdlenAt = query.length - 2;   // OPT with no options ends with its RDLENGTH
        int rdlen = ((out[rdlenAt] & 0xFF) << 8 | (out[rdlenAt + 1] & 0xFF)) + option.length;
        out[rdlenAt] = (byte) (rdlen >>> 8);
        out[rdlenAt + 1] = (byte) rdlen;
        return out;
    }
}
