package dev.edgeweave.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeweave devnet}: the whole network on loopback, for newcomers and tests. */
@Command(name = "devnet", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start a tracker, a sample HLS origin and N edge nodes on loopback; Ctrl-C stops them.")
final class DevnetCommand implements Callable<Integer> {

    @Option(names = "--nodes", defaultValue = "3", description = "edge nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--data", defaultValue = "devnet-data", paramLabel = "DIR", description = "state directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--zone", defaultValue = "cdn.test", description = "DNS zone (default ${DEFAULT-VALUE})")
    String zone;

    @Option(names = "--http-port", defaultValue = "0", paramLabel = "PORT", description = "port of every node (default: pick one)")
    int httpPort;

    @Option(names = "--api-port", defaultValue = "0", paramLabel = "PORT", description = "tracker API port (default: pick one)")
    int apiPort;

    @Option(names = "--dns-port", defaultValue = "0", paramLabel = "PORT", description = "tracker DNS port (default: pick one)")
    int dnsPort;

    @Option(names = "--epoch", defaultValue = "30", paramLabel = "SECONDS", description = "reward epoch (default ${DEFAULT-VALUE})")
    long epoch;

    @Override
    public Integer call() throws Exception {
        Devnet devnet = Devnet.start(new Devnet.Config(nodes, data, zone, httpPort, apiPort, dnsPort,
                Duration.ofSeconds(epoch)));
        System.out.println(devnet.banner());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("devnet: stopping…");
            devnet.close();
            System.out.println("devnet: stopped");
            stopped.countDown();
        }, "devnet-shutdown"));
        stopped.await();
        return 0;
    }
}
