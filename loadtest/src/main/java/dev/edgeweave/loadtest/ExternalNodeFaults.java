package dev.edgeweave.loadtest;

import dev.edgeweave.loadtest.tracker.TrackerApi;
import dev.edgeweave.proof.crypto.KeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults against a devnet running in another process ({@code edgeweave devnet --data DIR}):
 * <ul>
 *   <li><b>drain</b> — the load generator signs {@code POST /v1/nodes/{id}/drain} with the node's own
 *       key from {@code DIR/node-I/node.key}: the tracker drops the node from its answers at once
 *       and the node keeps serving the transfers it has (what the node's own graceful shutdown does);</li>
 *   <li><b>kill</b> — the load generator cannot kill a process it did not start, so it runs the
 *       operator's {@code --kill-command} through {@code /bin/sh -c}, with {@code EW_NODE_INDEX},
 *       {@code EW_NODE_URL} and {@code EW_NODE_ID} in the environment (e.g. {@code docker kill
 *       edge-$EW_NODE_INDEX}, or {@code kill $(cat /run/edge-$EW_NODE_INDEX.pid)}); it must exit 0
 *       within 30 s.</li>
 * </ul>
 */
public final class ExternalNodeFaults implements NodeFaults {

    private static final Logger log = LoggerFactory.getLogger(ExternalNodeFaults.class);

    private final TrackerApi api;
    private final Path devnetData;
    private final List<LoadConfig.NodeRef> nodes;
    private final String killCommand;

    /**
     * @param api the tracker, for drains (null: drains refused)
     * @param devnetData the devnet's data directory holding {@code node-I/node.key} (null: drains refused)
     * @param killCommand shell command for kills (null: kills refused)
     */
    public ExternalNodeFaults(TrackerApi api, Path devnetData, List<LoadConfig.NodeRef> nodes, String killCommand) {
        this.api = api;
        this.devnetData = devnetData;
        this.nodes = List.copyOf(nodes);
        this.killCommand = killCommand;
    }

    @Override
    public void kill(int node) throws IOException, InterruptedException {
        if (killCommand == null) {
            throw new IllegalStateException("--kill-node-at: cannot kill node " + node + " of an external devnet"
                    + " (expected: --kill-command CMD, run with EW_NODE_INDEX, EW_NODE_URL and EW_NODE_ID set)");
        }
        LoadConfig.NodeRef ref = nodes.get(node);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", killCommand).redirectErrorStream(true);
        pb.environment().put("EW_NODE_INDEX", Integer.toString(node));
        pb.environment().put("EW_NODE_URL", ref.url().toString());
        pb.environment().put("EW_NODE_ID", ref.id() == null ? "" : ref.id());
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("--kill-command for node " + node + " did not finish within 30 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.exitValue() != 0) {
            throw new IOException("--kill-command for node " + node + " exited " + p.exitValue() + ": " + out);
        }
        log.info("killed node {} ({}) with --kill-command{}", node, ref.url(), out.isEmpty() ? "" : ": " + out);
    }

    @Override
    public void drain(int node) throws IOException, InterruptedException {
        if (api == null || devnetData == null) {
            throw new IllegalStateException("--drain-node-at: cannot drain node " + node + " (expected: --devnet DIR"
                    + " holding the node keys, and the tracker API)");
        }
        Path key = devnetData.resolve("node-" + node).resolve("node.key");
        if (!Files.isRegularFile(key)) {
            throw new IOException("--drain-node-at: " + key + " not found (expected: the devnet's key of node " + node
                    + ")");
        }
        api.drain(KeyFiles.read(key));
        log.info("drained node {} ({}) at the tracker", node, nodes.get(node).url());
    }
}
