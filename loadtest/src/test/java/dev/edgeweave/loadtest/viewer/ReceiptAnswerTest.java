package dev.edgeweave.loadtest.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReceiptAnswerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // status | body | accepted indexes | summary
        "422 | {\"node\":\"ab\",\"accepted\":1,\"refused\":1,\"receipts\":[{\"index\":0,\"result\":\"accepted\"},"
                + "{\"index\":1,\"result\":\"refused\",\"code\":\"OVER_SERVED\",\"reason\":\"node served 0\"}]}"
                + " | 0 | http 422: OVER_SERVED (node served 0)",
        "422 | {\"receipts\":[{\"index\":0,\"result\":\"refused\",\"code\":\"EPOCH_CLOSED\",\"reason\":\"late\"},"
                + "{\"index\":1,\"result\":\"refused\",\"code\":\"BAD_SERIAL\",\"reason\":\"old\"}]}"
                + " | | http 422: BAD_SERIAL,EPOCH_CLOSED (old)",
        "400 | {\"error\":\"bad_token\",\"message\":\"token: header EdgeWeave-Token missing\"}"
                + " | | http 400: bad_token (token: header EdgeWeave-Token missing)",
        "404 | not found here | | http 404: not found here",
        "503 | | | http 503",
    })
    void summarises_a_refusal_and_keeps_the_receipts_the_node_took(int status, String body, String accepted,
                                                                   String why) {
        ReceiptAnswer a = ReceiptAnswer.parse(status, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        assertThat(a.why()).isEqualTo(why);
        assertThat(a.accepted()).isEqualTo(accepted == null ? Set.of() : Set.of(Integer.parseInt(accepted)));
    }
}
