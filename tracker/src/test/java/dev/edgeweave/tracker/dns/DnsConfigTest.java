package dev.edgeweave.tracker.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsConfigTest {

    private static final InetSocketAddress BIND = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void defaults_follow_the_zone() {
        DnsConfig c = DnsConfig.of(BIND, "CDN.Test.");
        assertThat(c.zone()).isEqualTo("cdn.test");
        assertThat(c.nsHost()).isEqualTo("ns1.cdn.test");
        assertThat(c.adminEmail()).isEqualTo("hostmaster.cdn.test");
        assertThat(c.ttlSeconds()).isEqualTo(20);
        assertThat(c.ednsPayload()).isEqualTo(1232);
        assertThat(c.transport()).isEqualTo(DnsTransport.AUTO);
        assertThat(c.maxTcpConnections()).isEqualTo(1024);
    }

    @Test
    void admin_email_in_mailbox_form_becomes_a_dns_name() {
        DnsConfig c = new DnsConfig(BIND, "cdn.test", 20, "ns.example.net", "ops@example.net", List.of(),
                Duration.ofSeconds(5), 1232, 1, DnsTransport.NIO, 10);
        assertThat(c.adminEmail()).isEqualTo("ops.example.net");
        assertThat(c.nsHost()).isEqualTo("ns.example.net");
    }

    @Test
    void rejects_bad_values_naming_the_field() {
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn.test").withTtlSeconds(0))
                .hasMessage("ttlSeconds: 0 (expected: 1-86400)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn.test").withEdnsPayload(100))
                .hasMessage("ednsPayload: 100 (expected: 512-4096)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn.test").withThreads(0))
                .hasMessage("threads: 0 (expected: 1-256)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn.test").withTcpIdleTimeout(Duration.ZERO))
                .hasMessage("tcpIdleTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn.test").withMaxTcpConnections(0))
                .hasMessage("maxTcpConnections: 0 (expected: 1-1000000)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn..test"))
                .hasMessage("zone: 'cdn..test' (expected: a DNS name like cdn.test)");
        assertThatThrownBy(() -> DnsConfig.of(BIND, "cdn test"))
                .hasMessageContaining("zone: 'cdn test'");
        assertThatThrownBy(() -> DnsConfig.of(InetSocketAddress.createUnresolved("nowhere", 53), "cdn.test"))
                .hasMessageContaining("bind: ");
    }

    @Test
    void a_server_refuses_a_zone_other_than_the_steering_zone() {
        dev.edgeweave.tracker.steer.Steering steering = new dev.edgeweave.tracker.steer.Steering(
                dev.edgeweave.tracker.steer.Coverage.empty(), dev.edgeweave.tracker.steer.SteeringConfig.of("cdn.test"));
        assertThatThrownBy(() -> new DnsServer(DnsConfig.of(BIND, "other.test"), steering,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))
                .hasMessage("config.zone: 'other.test' (expected: the steering zone 'cdn.test')");
    }
}
