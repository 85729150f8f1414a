// tls-bench.sh's edge launcher, run as a single-file source program with the edgeweave jar on the class
// path: an edge node with a TLS listener, configured through EdgeConfig exactly as the CLI will
// (`edgeweave edge --tls-listen ... --tls-provider ...`), so the bench does not wait on the CLI flags.
//
//   java -cp deploy/target/edgeweave.jar loadtest/bench/tls/TlsEdge.java \
//     --listen 127.0.0.1:8080 --tls-listen 127.0.0.1:8443 --cert c.pem --key c.key --provider openssl \
//     --origin http://127.0.0.1:9000 --cache-dir /tmp/c --admin 127.0.0.1:8081 --mem-cache-mib 1024 --io-threads 1
import dev.edgeweave.edge.EdgeConfig;
import dev.edgeweave.edge.EdgeNode;
import dev.edgeweave.edge.tls.TlsProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

public class TlsEdge {
    private static final Set<String> KNOWN = Set.of("--listen", "--tls-listen", "--cert", "--key", "--cert-dir",
            "--provider", "--origin", "--cache-dir", "--admin", "--mem-cache-mib", "--io-threads");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KNOWN.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + ": unknown option or missing value (expected: " + KNOWN + ")");
            }
            a.put(args[i], args[i + 1]);
        }
        EdgeConfig.Tls tls = new EdgeConfig.Tls(addr(a.get("--tls-listen")),
                a.containsKey("--cert") ? Path.of(a.get("--cert")) : null,
                a.containsKey("--key") ? Path.of(a.get("--key")) : null,
                a.containsKey("--cert-dir") ? Path.of(a.get("--cert-dir")) : null,
                TlsProvider.parse(a.getOrDefault("--provider", "openssl")), Duration.ofSeconds(5));
        long mem = Long.parseLong(a.getOrDefault("--mem-cache-mib", "1024")) << 20;
        EdgeConfig cfg = EdgeConfig.standalone(addr(a.get("--listen")), Path.of(a.get("--cache-dir")),
                        URI.create(a.get("--origin")))
                .withCache(mem, 10L << 30, 1 << 20)
                .withIoThreads(Integer.parseInt(a.getOrDefault("--io-threads", "1")))
                .withTls(tls);
        if (a.containsKey("--admin")) {
            cfg = cfg.withAdmin(addr(a.get("--admin")));
        }
        EdgeNode node = EdgeNode.start(cfg, EdgeNode.standaloneHosts(cfg), Clock.systemUTC(), null, null);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "tls-edge-stop"));
        Thread.currentThread().join();
    }

    private static InetSocketAddress addr(String hp) {
        int c = hp.lastIndexOf(':');
        return new InetSocketAddress(hp.substring(0, c), Integer.parseInt(hp.substring(c + 1)));
    }
}
