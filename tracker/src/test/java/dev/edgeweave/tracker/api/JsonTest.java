package dev.edgeweave.tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeweave.tracker.registry.HeartbeatReport;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict JSON input: each refusal names the field and what was expected. */
class JsonTest {

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"ts\":1,\"colour\":2}                  | unknown_field  | unknown field 'colour' (expected one of: cacheBytes, connections, load, maxMbps, spareMbps, ts, version)",
        "{\"ts\":\"1\"}                           | invalid_field  | ts: wrong type (expected: an integer)",
        "{\"ts\":1.5}                             | invalid_field  | ts: wrong type (expected: an integer)",
        "{\"load\":\"0.5\"}                       | invalid_field  | load: wrong type (expected: a number)",
        "{\"version\":[1]}                        | invalid_field  | version: wrong type (expected: a string)",
        "{\"ts\":1,\"ts\":2}                      | malformed_json | Duplicate field 'ts'",
        "{\"ts\":1} {}                            | malformed_json | body: content after the JSON object",
        "{\"ts\":                                 | malformed_json | body: malformed JSON at line 1",
        "[]                                       | malformed_json | body: not a JSON object",
        "''                                       | malformed_json | body: empty (expected: a JSON object)",
    })
    void refuses_bad_bodies_naming_the_problem(String body, String code, String message) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Json.read(bytes, HeartbeatReport.class)).isInstanceOf(ApiException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(code);
                    assertThat(((ApiException) e).status().code()).isEqualTo(400);
                });
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"allowUnsafeMethods\":1}             | allowUnsafeMethods: wrong type (expected: true or false)",
        "{\"allowUnsafeMethods\":\"true\"}      | allowUnsafeMethods: wrong type (expected: true or false)",
        "{\"name\":5}                           | name: wrong type (expected: a string)",
    })
    void refuses_coercions_into_booleans_and_strings(String body, String message) {
        assertThatThrownBy(() -> Json.read(body.getBytes(StandardCharsets.UTF_8), PublisherApi.Registration.class))
                .isInstanceOf(ApiException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"ts\":5,\"load\":0.25,\"spareMbps\":7,\"maxMbps\":9}"})
    void reads_a_valid_body_leaving_absent_fields_null(String body) {
        HeartbeatReport r = Json.read(body.getBytes(StandardCharsets.UTF_8), HeartbeatReport.class);
        assertThat(r).isEqualTo(new HeartbeatReport(5L, 0.25, 7L, 9L, null, null, null));
    }
}
