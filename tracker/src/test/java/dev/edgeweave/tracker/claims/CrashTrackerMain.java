package dev.edgeweave.tracker.claims;

import dev.edgeweave.tracker.Tracker;
import dev.edgeweave.tracker.TrackerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A tracker in its own JVM for {@link ClaimCrashTest}: API and DNS on loopback port 0, SQLite under
 * {@code args[0]}, one-second epochs whose claim window and audit timeout last an hour (so a test can
 * claim many past epochs). Prints {@code API <port>} on stdout once it serves, then runs until killed.
 */
public final class CrashTrackerMain {

    private CrashTrackerMain() {}

    public static void main(String[] args) throws Exception {
        Duration epoch = Duration.ofSeconds(1);
        TrackerConfig config = TrackerConfig.of(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", 0), "cdn.test", Path.of(args[0])).withEpochLength(epoch);
        RewardsConfig rewards = RewardsConfig.defaults(epoch).withClaimWindow(Duration.ofHours(1))
                .withAuditTimeout(Duration.ofHours(1));
        Tracker tracker = new Tracker(config, rewards, Clock.systemUTC(), new SimpleMeterRegistry());
        tracker.start();
        System.out.println("API " + tracker.apiAddress().getPort()); // the parent test reads this line
        System.out.flush();
        Thread.currentThread().join();
    }
}
