package dev.edgeweave.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A devnet's {@code endpoints.json} (DESIGN.md §3), as {@code edgeweave devnet --data DIR} writes it.
 *
 * @param zone DNS zone, e.g. {@code cdn.test}
 * @param dns the tracker's DNS server
 * @param api the tracker API
 * @param origin the sample origin
 * @param publisherName e.g. {@code demo}
 * @param publisherHost e.g. {@code demo.cdn.test}
 * @param stream the sample stream's path, e.g. {@code /hls/index.m3u8}
 * @param nodes the edge nodes, in devnet order
 */
public record DevnetEndpoints(String zone, InetSocketAddress dns, URI api, URI origin, String publisherName,
                              String publisherHost, String stream, List<LoadConfig.NodeRef> nodes) {

    /** Copies the list. */
    public DevnetEndpoints {
        nodes = List.copyOf(nodes);
    }

    /** Reads {@code dir/endpoints.json}. */
    public static DevnetEndpoints read(Path dir) throws IOException {
        Path file = dir.resolve("endpoints.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("--devnet: " + file + " not found (expected: the data directory of a running"
                    + " `edgeweave devnet --data DIR`)");
        }
        return parse(new ObjectMapper().readTree(file.toFile()), file.toString());
    }

    /** Parses an endpoints document; {@code where} names it in errors. */
    public static DevnetEndpoints parse(JsonNode e, String where) {
        List<LoadConfig.NodeRef> nodes = new ArrayList<>();
        for (JsonNode n : e.path("nodes")) {
            nodes.add(new LoadConfig.NodeRef(n.path("id").asText(null), URI.create(text(n, "url", where))));
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(where + ": no nodes (expected: a \"nodes\" array)");
        }
        return new DevnetEndpoints(text(e, "zone", where), hostPort(text(e, "dns", where), where),
                URI.create(text(e, "api", where)), URI.create(text(e, "origin", where)),
                text(e.path("publisher"), "name", where), text(e.path("publisher"), "host", where),
                text(e, "stream", where), nodes);
    }

    /** The stream URL viewers use: {@code http://HOST:NODEPORT/stream}. */
    public URI streamUrl(String host, String path) {
        return URI.create("http://" + host + ":" + nodes.get(0).url().getPort() + path);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' missing (expected: a string)");
        }
        return v.asText();
    }

    /** Parses {@code HOST:PORT} (IPv4 or a name). */
    public static InetSocketAddress hostPort(String s, String what) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException(what + ": '" + s + "' (expected: HOST:PORT)");
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + s + "' (expected: HOST:PORT with a numeric port)", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + ": port " + port + " (expected: 1-65535)");
        }
        return new InetSocketAddress(s.substring(0, colon), port);
    }
}
