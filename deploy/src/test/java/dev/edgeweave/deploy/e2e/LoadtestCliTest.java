package dev.edgeweave.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgeweave.deploy.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code edgeweave loadtest} refuses bad flags before starting anything, naming the flag (exit code 2). */
class LoadtestCliTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--viewers 5                                                      | --url: missing",
        "--devnet DIR --devnet-nodes 2                                    | --devnet and --devnet-nodes: both given",
        "--devnet-nodes 13                                                | --devnet-nodes: 13 (expected: 1 to 12",
        "--devnet DIR                                                     | endpoints.json not found",
        "--url http://demo.cdn.test:1/i.m3u8 --dns 127.0.0.1:53 --viewers 0 --no-receipts | --viewers: 0 (expected: 1 to 100000)",
        "--url http://demo.cdn.test:1/i.m3u8 --dns 127.0.0.1:53 --no-receipts --duration 5x | --duration: '5x' (expected: a duration",
        "--url http://demo.cdn.test:1/i.m3u8 --dns nowhere --no-receipts  | --dns: 'nowhere' (expected: HOST:PORT)",
        "--url http://demo.cdn.test:1/i.m3u8 --dns 127.0.0.1:53 --kill-node-at 5s --no-receipts | --kill-node-at: cannot kill a node of an external devnet",
        "--url http://demo.cdn.test:1/i.m3u8 --dns 127.0.0.1:53 --no-receipts --clip x | --clip: given without --own-origin",
        "--url http://demo.cdn.test:1/i.m3u8 --dns 127.0.0.1:53          | --receipts: no publisher key",
    })
    void refuses_bad_flags_naming_them(String flags, String message) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int code;
        try {
            String[] args = ("loadtest " + flags.strip().replace("DIR", dir.toString())).split("\\s+");
            code = Main.run(args);
        } finally {
            System.setErr(err);
        }
        assertThat(code).isEqualTo(2);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(message);
    }
}
