package dev.edgeweave.tracker.dns;

import dev.edgeweave.tracker.steer.Coverage;
import dev.edgeweave.tracker.steer.NodeView;
import dev.edgeweave.tracker.steer.Steering;
import dev.edgeweave.tracker.steer.SteeringConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The tracker's DNS alone, for {@code loadtest/bench/dns-bench.sh}: Steering + DnsServer with six fixed
 * nodes in three regions and {@code site0..siteN-1.cdn.test} plus {@code demo.cdn.test}.
 *
 * <pre>
 * java -cp ... dev.edgeweave.tracker.dns.DnsBenchServer --bind 127.0.0.1:0 --hostnames 100 --ready FILE [--threads 1]
 * </pre>
 * Writes the bound port to FILE once answering; runs until killed (SIGTERM closes it cleanly).
 */
public final class DnsBenchServer {

    private DnsBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        String bind = "127.0.0.1:0";
        int hostnames = 100;
        int threads = 1;
        Path ready = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bind" -> bind = args[++i];
                case "--hostnames" -> hostnames = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--ready" -> ready = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "' (expected: --bind HOST:PORT, --hostnames N, --threads N, --ready FILE)");
            }
        }
        int colon = bind.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bind.substring(0, colon)),
                Integer.parseInt(bind.substring(colon + 1)));

        Coverage coverage = Coverage.parse(List.of(
                "127.0.1.0/24 r0 52.52 13.40",
                "127.0.2.0/24 r1 40.71 -74.01",
                "127.0.0.0/16 r2 35.68 139.69",
                "10.0.0.0/8   r0 52.52 13.40"), "bench");
        Steering steering = new Steering(coverage, SteeringConfig.of("cdn.test"));
        List<NodeView> nodes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            nodes.add(new NodeView("node-" + i, "r" + (i % 3), List.of(InetAddress.getByName("127.0.0." + (11 + i))),
                    8080, 1_000_000_000L, 500_000_000L, 0.5, true, false));
        }
        List<String> names = new ArrayList<>();
        names.add("demo.cdn.test");
        for (int i = 0; i < hostnames; i++) {
            names.add("site" + i + ".cdn.test");
        }
        steering.update(nodes, names);

        DnsConfig config = DnsConfig.of(address, "cdn.test").withThreads(threads);
        DnsServer server = new DnsServer(config, steering, new SimpleMeterRegistry());
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dns-bench-shutdown"));
        if (ready != null) {
            writeAtomically(ready, Integer.toString(server.udpAddress().getPort()));
        }
        System.out.println("DnsBenchServer answering on " + server.udpAddress());
        stopped.await();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
