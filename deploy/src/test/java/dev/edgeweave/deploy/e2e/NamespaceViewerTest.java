package dev.edgeweave.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.edgeweave.deploy.Devnet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * DNS steering with unmodified clients and an unmodified resolver: a viewer in its own network
 * namespace, whose {@code /etc/netns/NAME/resolv.conf} points at a real {@code unbound} forwarding
 * {@code cdn.test} to the devnet tracker, runs {@code curl} and {@code ffmpeg} against
 * {@code http://demo.cdn.test:PORT/…} by name.
 *
 * <p>The namespace has its own loopback, so the devnet's nodes listen on addresses of the root-side veth
 * end ({@value #NET}.11, .12; RFC 2544's benchmarking range, which no real network uses) and unbound
 * listens on {@value #NET}.1:53. Needs root, {@code ip netns} and veth: where namespaces are not
 * available the test says so and is skipped, never faked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NamespaceViewerTest {

    static final String NET = "198.18.77";
    static final String HOST = "demo.cdn.test";

    @TempDir
    static Path dir;

    final long pid = ProcessHandle.current().pid();
    final String ns = "ew-e2e-" + pid;
    final String vethHost = "ewh" + pid % 100_000;
    final String vethNs = "ewn" + pid % 100_000;
    final Path netnsEtc = Path.of("/etc/netns", ns);
    final List<String> cleanup = new ArrayList<>();
    Devnet devnet;
    Process unbound;
    int port;

    @BeforeAll
    void set_up_namespace_resolver_and_devnet() throws Exception {
        for (String bin : new String[] {"/usr/sbin/unbound", "/usr/bin/curl", "/usr/bin/ffmpeg"}) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of(bin)), bin + " is not installed (scripts/test-all.sh"
                    + " installs unbound, curl and ffmpeg)");
        }
        Assumptions.assumeTrue(ip() != null, "the ip command (iproute2) is not installed: no network namespaces");
        Result add = run(ip(), "netns", "add", ns);
        Assumptions.assumeTrue(add.code == 0, "network namespaces are not available here (ip netns add: "
                + add.out.strip() + "): skipped, not faked");
        cleanup.add(0, "netns");
        Result veth = run(ip(), "link", "add", vethHost, "type", "veth", "peer", "name", vethNs);
        Assumptions.assumeTrue(veth.code == 0, "veth pairs are not available here (" + veth.out.strip()
                + "): skipped, not faked");
        cleanup.add(0, "veth");
        must(ip(), "link", "set", vethNs, "netns", ns);
        must(ip(), "addr", "add", NET + ".1/24", "dev", vethHost);
        must(ip(), "addr", "add", NET + ".11/32", "dev", vethHost);
        must(ip(), "addr", "add", NET + ".12/32", "dev", vethHost);
        must(ip(), "link", "set", vethHost, "up");
        must(ip(), "netns", "exec", ns, ip(), "addr", "add", NET + ".2/24", "dev", vethNs);
        must(ip(), "netns", "exec", ns, ip(), "link", "set", vethNs, "up");
        must(ip(), "netns", "exec", ns, ip(), "link", "set", "lo", "up");

        devnet = Devnet.start(new Devnet.Config(2, dir.resolve("devnet"), "cdn.test", 0, 0, 0,
                Duration.ofSeconds(30), NET + ".11"));
        port = devnet.nodes().get(0).url().getPort();
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode nodes = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    devnet.tracker().apiUri().resolve("/v1/nodes")).build(), HttpResponse.BodyHandlers.ofString()).body());
            int healthy = 0;
            for (JsonNode n : nodes.path("nodes")) {
                healthy += n.path("state").asText().equals("healthy") ? 1 : 0;
            }
            return healthy == 2;
        });

        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, String.join("\n",
                "server:",
                "  interface: " + NET + ".1",
                "  port: 53",
                "  access-control: " + NET + ".0/24 allow",
                "  do-not-query-localhost: no",
                "  username: \"\"",
                "  chroot: \"\"",
                "  pidfile: \"\"",
                "  directory: \"" + dir + "\"",
                "  use-syslog: no",
                "  logfile: \"\"",
                "  verbosity: 1",
                "  module-config: \"iterator\"",
                "  local-zone: \"test.\" nodefault",
                "  domain-insecure: \"cdn.test\"",
                "forward-zone:",
                "  name: \"cdn.test.\"",
                "  forward-addr: 127.0.0.1@" + devnet.tracker().dnsAddress().getPort(),
                ""));
        unbound = new ProcessBuilder("/usr/sbin/unbound", "-d", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("unbound.log").toFile()).start();
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(NET + ".1", 53));
        resolver.setTimeout(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            Message m = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(HOST + "."), Type.A, DClass.IN)));
            return !m.getSection(Section.ANSWER).isEmpty();
        });

        Files.createDirectories(netnsEtc);
        cleanup.add(0, "etc");
        Files.writeString(netnsEtc.resolve("resolv.conf"), "nameserver " + NET + ".1\n");
    }

    @AfterAll
    void tear_down() throws Exception {
        if (unbound != null) {
            unbound.destroy();
            unbound.waitFor(10, TimeUnit.SECONDS);
        }
        if (devnet != null) {
            devnet.close();
        }
        for (String c : cleanup) {
            switch (c) {
                case "etc" -> {
                    Files.deleteIfExists(netnsEtc.resolve("resolv.conf"));
                    Files.deleteIfExists(netnsEtc);
                }
                case "veth" -> run(ip(), "link", "del", vethHost);
                case "netns" -> run(ip(), "netns", "del", ns);
                default -> throw new IllegalStateException(c);
            }
        }
    }

    private String url(String path) {
        return "http://" + HOST + ":" + port + path;
    }

    @Test
    void curl_in_its_own_namespace_gets_the_stream_by_name_from_a_node_the_tracker_chose() throws Exception {
        Path playlist = dir.resolve("index.m3u8");
        Result r = run(ip(), "netns", "exec", ns, "curl", "-sS", "--fail", "--max-time", "20", "-o",
                playlist.toString(), "-w", "%{remote_ip} %{http_code}", url("/hls/index.m3u8"));
        assertThat(r.code).as(r.out).isZero();
        assertThat(r.out).matches(NET.replace(".", "\\.") + "\\.1[12] 200");
        assertThat(Files.readString(playlist)).startsWith("#EXTM3U").contains("seg-000.ts");

        Path seg = dir.resolve("seg-003.ts");
        Path headers = dir.resolve("seg-003.headers");
        r = run(ip(), "netns", "exec", ns, "curl", "-sS", "--fail", "--max-time", "20", "-D", headers.toString(), "-o",
                seg.toString(), url("/hls/seg-003.ts"));
        assertThat(r.code).as(r.out).isZero();
        String h = Files.readString(headers).toLowerCase();
        assertThat(h).contains("cache-status:");
        String digest = "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(seg))) + ":";
        assertThat(h).as("the bytes match the origin's Repr-Digest").contains("repr-digest: " + digest.toLowerCase());
    }

    @Test
    void ffmpeg_in_its_own_namespace_plays_the_stream_by_name() throws Exception {
        Result r = run(ip(), "netns", "exec", ns, "ffmpeg", "-hide_banner", "-loglevel", "error", "-rw_timeout",
                "20000000", "-i", url("/hls/index.m3u8"), "-c", "copy", "-f", "null", "-");
        assertThat(r.code).as("ffmpeg output: " + r.out).isZero();
        assertThat(r.out).doesNotContain("Error");
    }

    @Test
    void the_namespace_is_isolated_so_only_the_resolver_answer_can_lead_it_to_a_node() throws Exception {
        URI api = devnet.tracker().apiUri();
        Result r = run(ip(), "netns", "exec", ns, "curl", "-sS", "--max-time", "5", "-o", "/dev/null",
                "http://127.0.0.1:" + api.getPort() + "/health");
        assertThat(r.code).as("the tracker on the root namespace's loopback is out of reach").isNotZero();
        r = run(ip(), "netns", "exec", ns, "getent", "hosts", HOST);
        assertThat(r.code).as(r.out).isZero();
        assertThat(r.out).startsWith(NET + ".1");
    }

    // --- processes -------------------------------------------------------------------------------------

    private record Result(int code, String out) {}

    private static String ip() {
        for (String p : new String[] {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": still running after 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void must(String... cmd) throws IOException, InterruptedException {
        Result r = run(cmd);
        if (r.code != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + r.code + ": " + r.out.strip());
        }
    }
}
