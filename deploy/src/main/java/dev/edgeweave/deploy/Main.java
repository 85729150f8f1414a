package dev.edgeweave.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgeweave} command. Options may also come from {@code --config FILE} (a properties file
 * whose keys are long option names without dashes, e.g. {@code cache-dir = /var/cache/edgeweave});
 * a flag on the command line overrides the file.
 */
@Command(name = "edgeweave", mixinStandardHelpOptions = true, version = "edgeweave 0.1.0",
        description = "A decentralized CDN: edge nodes, a steering tracker, viewer-signed bandwidth receipts.",
        subcommands = {EdgeCommand.class, TrackerCommand.class, DevnetCommand.class, KeygenCommand.class,
                PublisherCommand.class, LoadtestCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof UsageError) {
                cmd.getErr().println("edgeweave: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("edgeweave: " + ex);
            return 1;
        });
        try {
            Path config = configFile(args);
            if (config != null) {
                Properties p = new Properties();
                try (Reader r = Files.newBufferedReader(config)) {
                    p.load(r);
                }
                cl.setDefaultValueProvider(arg -> {
                    if (arg instanceof CommandLine.Model.OptionSpec o) {
                        String key = o.longestName().replaceFirst("^--", "");
                        return p.getProperty(key);
                    }
                    return null;
                });
            }
        } catch (IOException | IllegalArgumentException e) {
            cl.getErr().println("edgeweave: --config: " + e.getMessage() + " (expected: a readable properties file)");
            return 2;
        }
        return cl.execute(args);
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing file name");
                }
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return null;
    }

    /** A CLI mistake: printed as "edgeweave: message", exit code 2. */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
