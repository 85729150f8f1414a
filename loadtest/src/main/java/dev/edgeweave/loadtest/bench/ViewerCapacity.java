package dev.edgeweave.loadtest.bench;

import dev.edgeweave.loadtest.DevnetEndpoints;
import dev.edgeweave.loadtest.Durations;
import dev.edgeweave.loadtest.LoadConfig;
import dev.edgeweave.loadtest.LoadGenerator;
import dev.edgeweave.loadtest.NodeFaults;
import dev.edgeweave.loadtest.origin.Clip;
import dev.edgeweave.loadtest.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How many real-time viewers of a 2 Mbit/s HLS stream one edge node sustains without rebuffering,
 * and what each costs the node in CPU and memory (docs/benchmarks.md, "Viewers per node").
 *
 * <p>Generates the clip with ffmpeg (CBR, 2-s segments) in a temporary directory, starts
 * {@code edgeweave devnet --nodes 1} as a child process (the node under test: one I/O thread, with
 * the tracker and the sample origin in the same process), then runs the load generator in this
 * process with its own origin serving the clip, after a 10-viewer warm-up, at each crowd size in turn,
 * measuring over each step the devnet process's CPU time ({@code /proc/PID/stat}; the kernel's softirq
 * work for loopback TCP is charged to no process, so the whole machine's busy time is reported too) and
 * resident memory. Stops after the first step with a rebuffer or a failed segment.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * java -cp deploy/target/edgeweave.jar dev.edgeweave.loadtest.bench.ViewerCapacity \
 *     --viewers 100,200,300,400,500,600 --duration 60s --bitrate 2M
 * </pre>
 *
 * Flags: {@code --viewers LIST}, {@code --duration D} (per step), {@code --bitrate 2M},
 * {@code --streams N} (copies of the clip, Zipf), {@code --threads N} (viewer loops), {@code --jar FILE}
 * (default: the jar this class runs from). Needs Linux ({@code /proc}) and ffmpeg with libx264.
 */
public final class ViewerCapacity {

    private final PrintStream out;

    private ViewerCapacity(PrintStream out) {
        this.out = out;
    }

    /** One step's outcome. */
    record Step(int viewers, Report report, double nodeCpuCores, long nodeRssBytes, double loadgenCpuCores,
                double machineCpuCores) {}

    public static void main(String[] args) throws Exception {
        List<Integer> steps = new ArrayList<>(List.of(100, 200, 300, 400, 500, 600));
        Duration duration = Duration.ofSeconds(60);
        long bitrate = 2_000_000;
        int streams = 1;
        int threads = 1;
        Path jar = null;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--viewers" -> {
                    steps.clear();
                    for (String s : v.split(",")) {
                        steps.add(Integer.parseInt(s.strip()));
                    }
                }
                case "--duration" -> duration = Durations.parse("--duration", v);
                case "--bitrate" -> bitrate = Long.parseLong(v.replace("M", "000000").replace("k", "000"));
                case "--streams" -> streams = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--jar" -> jar = Path.of(v);
                default -> throw new IllegalArgumentException(args[i] + ": unknown flag (expected: --viewers,"
                        + " --duration, --bitrate, --streams, --threads, --jar)");
            }
        }
        if (jar == null) {
            jar = Path.of(ViewerCapacity.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        new ViewerCapacity(System.out).run(steps, duration, bitrate, streams, threads, jar);
    }

    private void run(List<Integer> steps, Duration duration, long bitrate, int streams, int threads, Path jar)
            throws Exception {
        Path work = Files.createTempDirectory("edgeweave-capacity-");
        Path clipDir = work.resolve("clip");
        Files.createDirectories(clipDir);
        generateClip(clipDir, bitrate);
        Clip clip = Clip.fromDirectory(clipDir);
        out.printf(Locale.ROOT, "clip: %d segments, %.2f Mbit/s, %.1f MB%n", clip.segments().size(),
                clip.bitsPerSecond() / 1e6, clip.segmentBytes() / 1e6);
        Path data = work.resolve("devnet");
        Process devnet = new ProcessBuilder("java", "-Xmx1g", "-jar", jar.toString(), "devnet", "--nodes", "1",
                "--data", data.toString()).redirectErrorStream(true).redirectOutput(work.resolve("devnet.log").toFile())
                .start();
        List<Step> done = new ArrayList<>();
        try {
            DevnetEndpoints e = awaitEndpoints(data, devnet);
            // warm-up: JIT, the node's cache and buffer pools; the RSS after it is the baseline
            step(e, clipDir, 10, duration.compareTo(Duration.ofSeconds(20)) < 0 ? duration : Duration.ofSeconds(20),
                    streams, threads, devnet.pid());
            long idleRss = rss(devnet.pid());
            for (int n : steps) {
                Step s = step(e, clipDir, n, duration, streams, threads, devnet.pid());
                done.add(s);
                Report.Playback p = s.report().playback();
                out.printf(Locale.ROOT, "STEP %d viewers: rebuffers %d (%d viewers), failed %d, segment p99 %.1f ms,"
                                + " %.1f Mbit/s, node CPU %.2f cores (%.2f ms CPU per viewer-second), node RSS %d MB"
                                + " (after warm-up %d MB), load generator CPU %.2f cores, whole machine %.2f cores busy%n",
                        n, p.rebuffers(),
                        p.viewersWithRebuffers(), p.segmentsFailed(), s.report().segment().p99(),
                        s.report().throughput().megabitsPerSecond(), s.nodeCpuCores(),
                        s.nodeCpuCores() * 1000 / n, s.nodeRssBytes() >> 20, idleRss >> 20, s.loadgenCpuCores(),
                        s.machineCpuCores());
                if (p.rebuffers() > 0 || p.segmentsFailed() > 0) {
                    break;
                }
            }
        } finally {
            devnet.destroy();
            devnet.waitFor(30, TimeUnit.SECONDS);
        }
        out.println("viewers  rebuffers  failed  seg-p99-ms  Mbit/s  node-cores  node-RSS-MB  loadgen-cores"
                + "  machine-cores");
        for (Step s : done) {
            out.printf(Locale.ROOT, "%7d  %9d  %6d  %10.1f  %6.0f  %10.2f  %11d  %13.2f  %13.2f%n", s.viewers(),
                    s.report().playback().rebuffers(), s.report().playback().segmentsFailed(),
                    s.report().segment().p99(), s.report().throughput().megabitsPerSecond(), s.nodeCpuCores(),
                    s.nodeRssBytes() >> 20, s.loadgenCpuCores(), s.machineCpuCores());
        }
        out.println("work directory (clip, devnet log): " + work);
    }

    private Step step(DevnetEndpoints e, Path clip, int viewers, Duration duration, int streams, int threads,
                      long pid) throws Exception {
        LoadConfig config = LoadConfig.builder(e.streamUrl("capacity." + e.zone(), "/"))
                .dns(e.dns()).api(e.api()).nodes(e.nodes()).regions(1).viewers(viewers).duration(duration)
                .ramp(duration.dividedBy(4)).streams(streams).threads(threads)
                .ownOrigin(new LoadConfig.OwnOrigin(clip.toString(), "capacity",
                        clip.resolveSibling("capacity-publisher.key"))).build();
        long nodeBefore = cpuTicks(pid);
        long selfBefore = cpuTicks(ProcessHandle.current().pid());
        long machineBefore = machineBusyTicks();
        long t0 = System.nanoTime();
        Report r = new LoadGenerator(config, NodeFaults.NONE, Clock.systemUTC(), System::nanoTime, line -> {
            if (!line.startsWith("[")) {
                out.println(line);
            }
        }).run();
        double secs = (System.nanoTime() - t0) / 1e9;
        long rss = rss(pid);
        double hz = 100.0; // USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK))
        return new Step(viewers, r, (cpuTicks(pid) - nodeBefore) / hz / secs, rss,
                (cpuTicks(ProcessHandle.current().pid()) - selfBefore) / hz / secs,
                (machineBusyTicks() - machineBefore) / hz / secs);
    }

    private static void generateClip(Path dir, long bitrate) throws IOException, InterruptedException {
        long audio = 128_000;
        String video = Long.toString((bitrate - audio) / 1000) + "k";
        Process p = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "60",
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", video, "-minrate", video, "-maxrate", video,
                "-bufsize", video, "-x264-params", "nal-hrd=cbr:force-cfr=1", "-g", "60", "-keyint_min", "60",
                "-sc_threshold", "0", "-c:a", "aac", "-b:a", "128k", "-f", "hls", "-hls_time", "2",
                "-hls_playlist_type", "vod", "-hls_segment_filename", dir.resolve("seg-%03d.ts").toString(),
                dir.resolve("index.m3u8").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("ffmpeg could not make the clip: " + log);
        }
    }

    private static DevnetEndpoints awaitEndpoints(Path data, Process devnet) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            if (!devnet.isAlive()) {
                throw new IOException("devnet exited " + devnet.exitValue() + " (see its log)");
            }
            if (Files.isRegularFile(data.resolve("endpoints.json"))) {
                try {
                    return DevnetEndpoints.read(data);
                } catch (IOException | IllegalArgumentException partial) {
                    // still being written
                }
            }
            Thread.sleep(200); // polling a child process's output file; not a test wait
        }
        throw new IOException("devnet wrote no endpoints.json within 60 s");
    }

    /** utime + stime of a process, in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * Busy clock ticks of the whole machine ({@code /proc/stat}: everything but idle and iowait), which
     * includes the kernel's softirq work for loopback TCP that no process is charged for — and any
     * neighbour's work.
     */
    static long machineBusyTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 7; i++) { // user nice system idle iowait irq softirq
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    /** Resident set size of a process, bytes. */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
