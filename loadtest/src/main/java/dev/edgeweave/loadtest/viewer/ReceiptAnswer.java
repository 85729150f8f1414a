package dev.edgeweave.loadtest.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A node's answer to a refused receipt batch (docs/protocol.md §4): {@code 422} lists each receipt as
 * {@code accepted} or {@code refused} with a code and reason; other errors are {@code {"error",
 * "message"}}. A pure function of status and body.
 *
 * @param accepted indexes of the receipts the node took anyway
 * @param why a short summary for the report, e.g. {@code "http 422: UNKNOWN_PUBLISHER"}
 */
record ReceiptAnswer(Set<Integer> accepted, String why) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ReceiptAnswer parse(int status, byte[] body) {
        String prefix = "http " + status;
        if (body == null || body.length == 0) {
            return new ReceiptAnswer(Set.of(), prefix);
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (IOException e) {
            String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8).strip();
            return new ReceiptAnswer(Set.of(), prefix + ": " + text.replaceAll("\\s+", " "));
        }
        if (doc.hasNonNull("error")) {
            return new ReceiptAnswer(Set.of(), prefix + ": " + doc.path("error").asText() + " ("
                    + clip(doc.path("message").asText("")) + ")");
        }
        Set<Integer> accepted = new TreeSet<>();
        TreeMap<String, String> refused = new TreeMap<>();
        for (JsonNode item : doc.path("receipts")) {
            if ("accepted".equals(item.path("result").asText())) {
                accepted.add(item.path("index").asInt(-1));
            } else {
                refused.putIfAbsent(item.path("code").asText("?"), clip(item.path("reason").asText("")));
            }
        }
        if (refused.isEmpty()) {
            return new ReceiptAnswer(accepted, prefix);
        }
        var first = refused.firstEntry();
        return new ReceiptAnswer(accepted, prefix + ": " + String.join(",", refused.keySet()) + " ("
                + first.getValue() + ")");
    }

    private static String clip(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
