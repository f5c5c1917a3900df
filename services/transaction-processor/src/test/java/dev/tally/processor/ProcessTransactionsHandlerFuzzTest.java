package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import dev.tally.keys.KeySource;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.TransactionProcessor;

/**
 * Any event at all, as Lambda would hand it to the handler: a direct invocation of arbitrary bytes, or an
 * HTTP API event whose method, path, content type, encoding and body are fuzzed, each written with fuzzed JSON
 * escapes. The only allowed outcomes are an answer or one of WORKLOAD.md's refusals of a request, in the shape the
 * event asked for; never an exception, a 500 or a body that is not JSON; and an event holding a string that is not
 * well-formed Unicode (an escaped unpaired surrogate) is refused as an invalid request, never answered.
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

    private final ProcessTransactionsHandler handler = handler(KeySource.builtIn(new SigningKey(TestVectors.signingKeyMaterial(), "v1")));

    @FuzzTest
    void answersAnyEventOrRefusesIt(FuzzedDataProvider data) throws Exception {
        boolean http = data.consumeBoolean();
        HttpApiEvent httpEvent = http ? HttpApiEvent.fuzzed(data) : null;
        byte[] event = http ? httpEvent.bytes() : data.consumeRemainingAsBytes();

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(event), output, "fuzz");

        JsonNode answer = STRICT.readTree(output.toByteArray());
        if (answer.has("statusCode")) {
            int status = answer.get("statusCode").asInt();
            assertEquals("application/json", answer.get("headers").get("content-type").asText());
            JsonNode body = STRICT.readTree(answer.get("body").asText());
            assertAllowed(status, body);
            if (http && !httpEvent.unicode()) {
                assertEquals("invalid_request", body.path("error").asText(), () -> "a string not Unicode was read: " + body);
            }
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

    private static ProcessTransactionsHandler handler(KeySource keys) {
        return new ProcessTransactionsHandler(new TransactionProcessor(keys, CLOCK, 1_000, 64 * 1024),
                RequestTelemetry.discarding(keys));
    }

    /**
     * An HTTP API (payload 2.0) event as AWS shapes it, with every part the handler reads fuzzed. Its strings are
     * written with JSON escapes the fuzzer chooses, any UTF-16 unit among them, an unpaired surrogate included.
     */
    private record HttpApiEvent(byte[] bytes, boolean unicode) {
        private static final String[] READ = {"@routeKey@", "@method@", "@content-type@", "@body@"};

        static HttpApiEvent fuzzed(FuzzedDataProvider data) {
            String path = data.pickValue(new String[] {"/transactions", "/transactions/verify", "/prod/transactions/", "/other", ""});
            String method = data.pickValue(new String[] {"POST", "GET", "post", ""});
            String contentType = data.pickValue(new String[] {"application/json", "application/json; charset=utf-8",
                    "application/merge-patch+json", "text/plain", "", "none"});
            boolean escapeAll = data.consumeBoolean();
            String[] values = {withUnit(data, method + " " + path), withUnit(data, method), withUnit(data, contentType), null};

            ObjectNode event = HttpApiEvents.request("POST", path, READ[3]);
            event.put("routeKey", READ[0]);
            ((ObjectNode) event.get("requestContext").get("http")).put("method", READ[1]);
            ObjectNode headers = (ObjectNode) event.get("headers");
            if (contentType.equals("none")) {
                headers.remove("content-type");
                values[2] = null;
            } else {
                headers.put("content-type", READ[2]);
            }
            boolean base64 = data.consumeBoolean();
            event.put("isBase64Encoded", base64);
            switch (data.consumeInt(0, 3)) {
                case 0 -> event.remove("body");
                case 1 -> values[3] = "{\"transactions\":[{\"id\":\"" + units(data) + "\",\"amount\":1,\"type\":\"CREDIT\"}]}";
                case 2 -> values[3] = Base64.getEncoder().encodeToString(data.consumeRemainingAsBytes());
                default -> values[3] = data.consumeRemainingAsString();
            }
            String text = HttpApiEvents.text(event);
            boolean unicode = true;
            for (int i = 0; i < READ.length; i++) {
                if (values[i] != null) {
                    text = text.replace("\"" + READ[i] + "\"", json(values[i], escapeAll));
                    unicode &= UTF_8.newEncoder().canEncode(values[i]);
                }
            }
            return new HttpApiEvent(text.getBytes(UTF_8), unicode);
        }

        /** {@code text}, now and then with one UTF-16 unit of the fuzzer's added. */
        private static String withUnit(FuzzedDataProvider data, String text) {
            return data.consumeBoolean() ? text + units(data) : text;
        }

        /** One to four UTF-16 units, surrogates often among them. */
        private static String units(FuzzedDataProvider data) {
            char[] units = new char[data.consumeInt(1, 4)];
            for (int i = 0; i < units.length; i++) {
                units[i] = data.consumeBoolean() ? (char) data.consumeInt(0xD800, 0xDFFF) : data.consumeChar();
            }
            return new String(units);
        }

        /** A JSON string: what must be escaped is, an unpaired surrogate always; {@code escapeAll} escapes every non-ASCII unit. */
        private static String json(String value, boolean escapeAll) {
            StringBuilder json = new StringBuilder("\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
                if (pair && !escapeAll) {
                    json.append(c).append(value.charAt(++i));
                } else if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F && (escapeAll || Character.isSurrogate(c))) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            return json.append('"').toString();
        }
    }
}
