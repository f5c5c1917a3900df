package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.HttpApiEvents;
import dev.tally.fixtures.TestVectors;
import dev.tally.keys.KeySource;
import dev.tally.transactions.ErrorCode;
import dev.tally.transactions.RequestRefusedException;
import dev.tally.transactions.TransactionProcessor;

/**
 * Events no Lambda runtime API in the tests delivers unchanged: Lambda itself takes only JSON payloads, and
 * Quarkus' mock event server re-encodes the rest, but AWS's runtime emulator passes any bytes on.
 */
class HttpApiRequestTest {
    private static final byte[] NOT_UTF8 = {(byte) 0xC0};

    @Test
    void refusesAnHttpApiEventThatTurnsOutNotToBeUtf8JsonAsMalformed() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class, () -> HttpApiRequest.of(notUtf8("tx-1")));

        assertEquals(ErrorCode.MALFORMED_JSON, refusal.code());
        assertTrue(refusal.getMessage().startsWith("the HTTP API event is not UTF-8 JSON (line "), refusal.getMessage());
    }

    @Test
    void answersAnHttpApiEventThatIsNotUtf8JsonWithAnHttp400() throws Exception {
        JsonNode response = handle(notUtf8("tx-1"));

        assertEquals(400, response.get("statusCode").asInt(), response::toString);
        assertEquals("malformed_json", TestVectors.JSON.readTree(response.get("body").asText()).get("error").asText());
    }

    @Test
    void takesAnEventThatIsNotUtf8BeforeAnythingSaysHttpApiForADirectInvocation() throws Exception {
        byte[] event = "{\"x\":\"?\",\"routeKey\":\"POST /transactions\"}".getBytes(UTF_8);
        event[6] = NOT_UTF8[0];

        assertTrue(HttpApiRequest.of(event).isEmpty());
        assertEquals("malformed_json", handle(event).get("error").asText());
    }

    private static byte[] notUtf8(String at) {
        byte[] event = HttpApiEvents.bytes(HttpApiEvents.postTransactions());
        event[new String(event, UTF_8).indexOf(at)] = NOT_UTF8[0];
        return event;
    }

    private static JsonNode handle(byte[] event) throws Exception {
        KeySource keys = KeySource.builtIn(DevelopmentKey.KEY);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        new ProcessTransactionsHandler(new TransactionProcessor(keys, Clock.systemUTC()), RequestTelemetry.discarding(keys))
                .handle(new ByteArrayInputStream(event), answer, "test");
        return TestVectors.JSON.readTree(answer.toByteArray());
    }
}
