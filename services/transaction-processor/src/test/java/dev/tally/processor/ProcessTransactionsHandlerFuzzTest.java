package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.fixtures.HttpApiEvents;
import dev.tally.fixtures.TestVectors;
import dev.tally.keys.SigningKeySource;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.TransactionProcessor;

/**
 * Any event at all, as Lambda would hand it to the handler: a direct invocation of arbitrary bytes, or an
 * HTTP API event whose method, path, content type, encoding and body are fuzzed. The only allowed outcomes
 * are an answer or one of WORKLOAD.md's refusals of a request, in the shape the event asked for; never an
 * exception, a 500 or a body that is not JSON.
 *
 * <p>{@code ./mvnw verify} replays {@code ProcessTransactionsHandlerFuzzTestInputs/} and then fuzzes for
 * {@code fuzz.duration}; every crash found is saved there and stays a regression test.
 */
class ProcessTransactionsHandlerFuzzTest {
    /** WORKLOAD.md's refusals of a request, with their statuses: all but internal_error and signing_key_unavailable. */
    private static final Map<String, Integer> CLIENT_REFUSALS = Map.of("malformed_json", 400, "invalid_request", 400,
            "batch_too_large", 413, "unsupported_media_type", 415, "not_found", 404, "method_not_allowed", 405);
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private final ProcessTransactionsHandler handler = handler(SigningKeySource.builtIn(new SigningKey(TestVectors.signingKeyMaterial(), "v1")));

    @FuzzTest
    void answersAnyEventOrRefusesIt(FuzzedDataProvider data) throws Exception {
        boolean http = data.consumeBoolean();
        byte[] event = http ? httpApiEvent(data) : data.consumeRemainingAsBytes();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(event), output, "fuzz");

        JsonNode answer = STRICT.readTree(output.toByteArray());
        if (answer.has("statusCode")) {
            int status = answer.get("statusCode").asInt();
            assertEquals("application/json", answer.get("headers").get("content-type").asText());
            assertAllowed(status, STRICT.readTree(answer.get("body").asText()));
        } else {
            assertAllowed(answer.path("status").asText().equals("success") ? 200 : -1, answer);
        }
    }

    private static void assertAllowed(int status, JsonNode body) {
        if ("success".equals(body.path("status").asText())) {
            assertEquals(200, status);
            return;
        }
        assertEquals("error", body.path("status").asText(), body::toString);
        Integer expected = CLIENT_REFUSALS.get(body.path("error").asText());
        assertTrue(expected != null, body::toString);
        assertTrue(status == -1 || status == expected, () -> status + " for " + body);
        assertTrue(body.path("message").isTextual(), body::toString);
    }

    private static ProcessTransactionsHandler handler(SigningKeySource keys) {
        return new ProcessTransactionsHandler(new TransactionProcessor(keys, CLOCK, 1_000, 64 * 1024),
                RequestTelemetry.discarding(keys));
    }

    /** An HTTP API (payload 2.0) event as AWS shapes it, with every part the handler reads fuzzed. */
    private static byte[] httpApiEvent(FuzzedDataProvider data) {
        String path = data.pickValue(new String[] {"/transactions", "/transactions/verify", "/prod/transactions/", "/other", ""});
        String method = data.pickValue(new String[] {"POST", "GET", "post", ""});
        ObjectNode event = HttpApiEvents.request(method, path, "");
        String contentType = data.pickValue(new String[] {"application/json", "application/json; charset=utf-8",
                "application/merge-patch+json", "text/plain", "", "none"});
        ObjectNode headers = (ObjectNode) event.get("headers");
        if (contentType.equals("none")) {
            headers.remove("content-type");
        } else {
            headers.put("content-type", contentType);
        }
        boolean base64 = data.consumeBoolean();
        event.put("isBase64Encoded", base64);
        if (base64) {
            event.put("body", data.consumeBoolean()
                    ? Base64.getEncoder().encodeToString(data.consumeRemainingAsBytes())
                    : data.consumeRemainingAsString());
        } else if (data.consumeBoolean()) {
            event.put("body", data.consumeRemainingAsString());
        } else {
            event.remove("body");
        }
        return HttpApiEvents.bytes(event);
    }
}
