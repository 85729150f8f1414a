package dev.edgeweave.cache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Secondary cache keys from {@code Vary} (RFC 9111 §4.1). */
public final class Vary {

    private static final Pattern WS = Pattern.compile("[ \\t]+");

    private Vary() {
    }

    /**
     * The request's values of the fields the stored response varies on, as one normalized key: one line per
     * field, names lower case and sorted, {@code name:value} with the value's lines joined by "," and
     * whitespace normalized, just {@code name} when the request lacks the field (absent differs from empty).
     * {@code Optional.of("")} when the response has no Vary; empty for {@code Vary: *}, which never matches.
     */
    public static Optional<String> secondaryKey(HeaderView storedResponse, HeaderView request) {
        List<String> fields = fields(storedResponse);
        if (fields.contains("*")) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder();
        for (String name : fields) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(name);
            List<String> values = request.all(name);
            if (!values.isEmpty()) {
                sb.append(':').append(normalize(values));
            }
        }
        return Optional.of(sb.toString());
    }

    /** Lines joined by ",", each list member trimmed, runs of spaces and tabs inside a member made one space. */
    static String normalize(List<String> values) {
        List<String> members = new ArrayList<>();
        for (String line : values) {
            for (String member : line.split(",", -1)) {
                members.add(WS.matcher(member.trim()).replaceAll(" "));
            }
        }
        return String.join(",", members);
    }

    /** The field names {@code Vary} lists, lower case, sorted, without duplicates ("*" included if listed). */
    public static List<String> fields(HeaderView response) {
        Set<String> out = new TreeSet<>();
        for (String t : response.tokens("Vary")) {
            out.add(t.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(out);
    }
}
