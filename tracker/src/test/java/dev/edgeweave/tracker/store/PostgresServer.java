package dev.edgeweave.tracker.store;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server for tests (Debian package {@code postgresql}): initdb in a temp
 * directory, started with pg_ctl on 127.0.0.1, stopped and deleted at {@link #close()}. When the tests
 * run as root it runs as the {@code postgres} user through {@code runuser} (PostgreSQL refuses root).
 *
 * <p>PostgreSQL cannot listen on port 0, so the port is drawn at random from 20000–59999 and another is
 * tried when the server cannot bind it.
 */
public final class PostgresServer implements AutoCloseable {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final boolean asPostgresUser;
    private int port;

    private PostgresServer(Path bin, Path dir, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server binaries' directory, if PostgreSQL is installed. */
    public static Optional<Path> binaries() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("EDGEWEAVE_PG_BIN");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin")).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(p));
        }
        return candidates.stream()
                .filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("pg_ctl")))
                .findFirst();
    }

    /** Why PostgreSQL tests cannot run here, or empty if they can. */
    public static Optional<String> unavailable() {
        if (binaries().isEmpty()) {
            return Optional.of("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install -y postgresql");
        }
        if (isRoot() && !Files.isExecutable(Path.of("/usr/sbin/runuser")) && !Files.isExecutable(Path.of("/sbin/runuser"))) {
            return Optional.of("running as root without runuser: PostgreSQL cannot be started");
        }
        return Optional.empty();
    }

    /** Initializes and starts a server. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException(unavailable().orElse("?")));
        Path dir = Files.createTempDirectory("edgeweave-pg-");
        boolean root = isRoot();
        PostgresServer server = new PostgresServer(bin, dir, root);
        try {
            if (root) {
                server.run(List.of("chown", "postgres", dir.toString()), false);
                Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            }
            server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "edge", "--no-sync", "-E", "UTF8"), true);
            server.startOnSomePort();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.deleteDir();
            throw e;
        }
        return server;
    }

    private void startOnSomePort() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                        dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                        "-p " + p + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
                port = p;
                return;
            } catch (IOException e) {
                last = e; // most likely the port was taken; try another
            }
        }
        throw last;
    }

    /** A fresh, empty database's JDBC URL. */
    public String newDatabase() throws SQLException {
        String name = "t" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private String url(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=edge";
    }

    private void run(List<String> command, boolean asServerUser) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asServerUser && asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Path out = Files.createTempFile("edgeweave-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no exit within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (port != 0) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                        "-w", "stop"), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL in " + dir, e);
        } finally {
            deleteDir();
        }
    }

    private void deleteDir() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
