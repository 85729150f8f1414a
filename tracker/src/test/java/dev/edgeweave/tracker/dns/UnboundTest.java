package dev.edgeweave.tracker.dns;

import static dev.edgeweave.tracker.dns.DnsClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real unbound resolver (Debian package {@code unbound}) in front of the tracker: stub zone for
 * {@code cdn.test} pointing at the tracker's DNS port, with the subnetcache module sending ECS, so that
 * viewers behind one resolver still reach their own region's node. Skipped when unbound is not installed
 * (CI installs it).
 */
class UnboundTest {

    private static final Logger log = LoggerFactory.getLogger(UnboundTest.class);
    private static final Path UNBOUND = findUnbound();

    @TempDir
    Path dir;

    private DnsFixture dns;
    private Process unbound;
    private InetSocketAddress resolver;

    private static Path findUnbound() {
        for (String p : List.of("/usr/sbin/unbound", "/usr/local/sbin/unbound", "/usr/bin/unbound")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(UNBOUND != null, "unbound is not installed (apt-get install -y unbound); skipping the resolver test");
        dns = new DnsFixture(DnsTransport.AUTO);
        dns.steering.update(DnsFixture.twoNodes(), List.of("demo.cdn.test"));
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 1; attempt <= 10 && resolver == null; attempt++) {
            int port = 20_000 + random.nextInt(40_000);
            if (!startUnbound(port)) {
                log.info("unbound could not use port {} (attempt {}), trying another", port, attempt);
            }
        }
        assertThat(resolver).as("unbound started (see " + dir.resolve("unbound.log") + ")").isNotNull();
    }

    /** Starts unbound on {@code port}; true once it answers, false if it exited (port taken). */
    private boolean startUnbound(int port) throws IOException, InterruptedException {
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, String.join("\n",
                "server:",
                "  interface: 127.0.0.1@" + port,
                "  do-daemonize: no",
                "  username: \"\"",
                "  chroot: \"\"",
                "  directory: \"" + dir + "\"",
                "  pidfile: \"" + dir.resolve("unbound.pid") + "\"",
                "  use-syslog: no",
                "  logfile: \"\"",
                "  verbosity: 1",
                "  num-threads: 1",
                "  do-ip6: no",
                "  outgoing-range: 32",
                "  so-reuseport: no",
                "  access-control: 127.0.0.0/8 allow",
                "  do-not-query-localhost: no",
                "  rrset-roundrobin: no",
                "  module-config: \"subnetcache iterator\"",
                "  send-client-subnet: 127.0.0.1",
                "  max-client-subnet-ipv4: 24",
                "  local-zone: \"test.\" nodefault",
                "remote-control:",
                "  control-enable: no",
                "stub-zone:",
                "  name: \"cdn.test\"",
                "  stub-addr: 127.0.0.1@" + dns.udp().getPort(),
                ""), StandardCharsets.UTF_8);
        Path logFile = dir.resolve("unbound.log");
        Process p = new ProcessBuilder(UNBOUND.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !p.isAlive() || answers(address));
        if (!p.isAlive()) {
            log.info("unbound exited: {}", Files.readString(logFile).strip());
            return false;
        }
        unbound = p;
        resolver = address;
        return true;
    }

    private static boolean answers(InetSocketAddress address) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            s.setSoTimeout(200);
            byte[] q = query("cdn.test.", Type.SOA).toWire();
            s.send(new DatagramPacket(q, q.length, address));
            s.receive(new DatagramPacket(new byte[512], 512));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (unbound != null) {
            unbound.destroy();
            if (!unbound.waitFor(10, TimeUnit.SECONDS)) {
                unbound.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static List<String> addresses(Message m) {
        List<String> out = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            } else if (r instanceof AAAARecord a) {
                out.add(a.getAddress().getHostAddress());
            }
        }
        return out;
    }

    @Test
    void viewers_behind_unbound_get_the_same_answers_as_asking_the_tracker_directly() {
        for (String client : List.of("127.0.1.5", "127.0.2.5")) {
            Message direct = DnsClient.udp(dns.udp(), client, query("demo.cdn.test.", Type.A));
            Message viaUnbound = DnsClient.udp(resolver, client, query("demo.cdn.test.", Type.A));
            assertThat(viaUnbound.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(addresses(viaUnbound)).as("via unbound for " + client).isEqualTo(addresses(direct));
        }
        assertThat(addresses(DnsClient.udp(resolver, "127.0.1.5", query("demo.cdn.test.", Type.A))))
                .startsWith("127.0.0.11");
        assertThat(addresses(DnsClient.udp(resolver, "127.0.2.5", query("demo.cdn.test.", Type.A))))
                .startsWith("127.0.0.12");
    }

    @Test
    void unbound_resolves_aaaa_and_negative_answers_through_the_tracker() {
        Message aaaa = DnsClient.udp(resolver, "127.0.1.5", query("demo.cdn.test.", Type.AAAA));
        assertThat(addresses(aaaa)).containsExactly("2001:db8:0:0:0:0:0:11");

        Message nx = DnsClient.udp(resolver, "127.0.1.5", query("nope.cdn.test.", Type.A));
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).first().isInstanceOf(SOARecord.class);

        Message nodata = DnsClient.udp(resolver, "127.0.1.5", query("demo.cdn.test.", Type.MX));
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();

        Message soa = DnsClient.udp(resolver, "127.0.1.5", query("cdn.test.", Type.SOA));
        assertThat(soa.getSection(Section.ANSWER)).first().isInstanceOf(SOARecord.class);
    }

    @Test
    void unbound_sees_a_node_leave_once_its_cached_answer_expires() {
        // the tracker drops the node at once; unbound serves its cache until the 20 s TTL runs out, so ask
        // for a name unbound has not cached yet
        dns.steering.update(List.of(DnsFixture.twoNodes().get(1)), List.of("demo.cdn.test", "fresh.cdn.test"));
        assertThat(addresses(DnsClient.udp(resolver, "127.0.1.5", query("fresh.cdn.test.", Type.A))))
                .containsExactly("127.0.0.12");
    }
}
