package dev.edgeweave.tracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * JSON in and out. Strict on input: unknown fields, duplicate keys, trailing content, strings for
 * numbers and floats for integers are all refused with a message that names the field.
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            Long.class, "an integer", long.class, "an integer", Integer.class, "an integer", int.class, "an integer",
            Double.class, "a number", double.class, "a number", Boolean.class, "true or false",
            boolean.class, "true or false", String.class, "a string");

    private Json() {}

    /** The shared, immutable mapper (thread-safe once configured). */
    static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses a request body into {@code type}.
     *
     * @throws ApiException 400 {@code malformed_json}, {@code unknown_field} or {@code invalid_field}
     */
    static <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("malformed_json", "body: empty (expected: a JSON object)");
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).toString();
            throw ApiException.badRequest("unknown_field", "unknown field '" + e.getPropertyName()
                    + "' (expected one of: " + known.replaceAll("^\\[|\\]$", "") + ")");
        } catch (MismatchedInputException e) {
            String field = path(e);
            if (field.isEmpty()) {
                String msg = e.getOriginalMessage();
                if (msg != null && msg.startsWith("Trailing token")) {
                    throw ApiException.badRequest("malformed_json",
                            "body: content after the JSON object (expected: exactly one JSON object)");
                }
                throw ApiException.badRequest("malformed_json", "body: not a JSON object (expected: a JSON object)");
            }
            String expected = TYPE_NAMES.getOrDefault(e.getTargetType(), "another type");
            throw ApiException.badRequest("invalid_field", field + ": wrong type (expected: " + expected + ")");
        } catch (StreamReadException e) {
            String msg = e.getOriginalMessage();
            int nl = msg == null ? -1 : msg.indexOf('\n');
            if (nl >= 0) {
                msg = msg.substring(0, nl);
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw ApiException.badRequest("malformed_json", "body: malformed JSON" + where + ": " + msg
                    + " (expected: a JSON object)");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw ApiException.badRequest("invalid_field", (field.isEmpty() ? "body" : field) + ": "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("malformed_json", "body: " + e.getMessage());
        }
    }

    /** Serializes {@code value}. */
    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
