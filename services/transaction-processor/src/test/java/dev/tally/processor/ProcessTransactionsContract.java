package dev.tally.processor;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.fixtures.HttpApiEvents;
import dev.tally.fixtures.TestVectors;
import dev.tally.transactions.Limits;
import dev.tally.transactions.TransactionProcessor;

/**
 * What the function answers, event by event, through a Lambda runtime API: every test vector in both
 * event shapes, the HTTP details, and verification. Run in process by {@link ProcessTransactionsHandlerTest}
 * and against the packaged artifact by {@link PackagedFunctionIT}; both sign with the vectors' key.
 */
abstract class ProcessTransactionsContract {
    private static final TestVectors.Valid SEED = TestVectors.valid().getFirst();
    private static final String SEED_SIGNATURE = SEED.expected().get("signature").asText();

    /** The version of the key the function signs with: the vectors' key, under some version name. */
    abstract String expectedKeyVersion();

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void answersEveryValidVectorThroughTheHttpApi(TestVectors.Valid vector) throws IOException {
        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions", vector.request()));

        assertEquals(200, response.get("statusCode").asInt());
        assertEquals("application/json", response.get("headers").get("content-type").asText());
        assertReceipt(expectedKeyVersion(), vector, TestVectors.JSON.readTree(response.get("body").asText()));
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void answersEveryValidVectorAsADirectInvocation(TestVectors.Valid vector) throws IOException {
        assertReceipt(expectedKeyVersion(), vector, invoke(vector.request()));
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#invalid")
    void refusesEveryInvalidVectorThroughTheHttpApi(TestVectors.Invalid vector) throws IOException {
        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions", vector.request()));

        assertEquals(vector.status(), response.get("statusCode").asInt());
        assertRefusal(vector, TestVectors.JSON.readTree(response.get("body").asText()));
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#invalid")
    void refusesEveryInvalidVectorAsADirectInvocation(TestVectors.Invalid vector) throws IOException {
        // A direct invocation's event must itself be JSON, so Lambda never delivers the vectors that
        // are not; the vectors that are reach the handler as the whole event.
        assumeTrue(isJson(vector.request()), "Lambda refuses a direct invocation whose payload is not JSON");
        assertRefusal(vector, invoke(vector.request()));
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#verifications")
    void answersEveryVerificationVector(TestVectors.Verification vector) throws IOException {
        String request = withOurKeyVersion(vector.request());

        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions/verify", request));

        assertEquals(200, response.get("statusCode").asInt());
        JsonNode answer = TestVectors.JSON.readTree(response.get("body").asText());
        assertEquals("success", answer.get("status").asText(), answer::toString);
        assertEquals(vector.expected().get("valid").asBoolean(), answer.get("valid").asBoolean());
        assertEquals(withOurKeyVersion(vector.expected().get("keyVersion").asText()), answer.get("keyVersion").asText());
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#verificationInvalid")
    void refusesEveryInvalidVerificationVector(TestVectors.Invalid vector) throws IOException {
        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions/verify", withOurKeyVersion(vector.request())));

        assertEquals(vector.status(), response.get("statusCode").asInt());
        assertRefusal(vector, TestVectors.JSON.readTree(response.get("body").asText()));
    }

    @Test
    void verifiesTheReceiptItJustSigned() throws IOException {
        JsonNode receipt = invoke(SEED.request());
        ObjectNode request = (ObjectNode) TestVectors.JSON.readTree(SEED.request());
        request.put("signature", receipt.get("signature").asText());
        request.put("keyVersion", receipt.get("keyVersion").asText());
        request.put("processedAt", receipt.get("processedAt").asText());

        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions/verify", TestVectors.JSON.writeValueAsString(request)));

        assertTrue(TestVectors.JSON.readTree(response.get("body").asText()).get("valid").asBoolean());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"version\":\"2.0\",", "{\"routeKey\":\"POST /transactions\",\"requestContext\":{},"})
    void takesABatchWithEnvelopeLikeFieldsForADirectInvocation(String envelopeLikeFields) throws IOException {
        String batch = envelopeLikeFields + SEED.request().substring(1);

        assertReceipt(expectedKeyVersion(), SEED, invoke(batch));
    }

    @Test
    void decodesABase64EncodedBody() throws IOException {
        ObjectNode event = HttpApiEvents.request("POST", "/transactions", TestVectors.valid().getFirst().request());
        event.put("body", Base64.getEncoder().encodeToString(event.get("body").asText().getBytes(UTF_8)));
        event.put("isBase64Encoded", true);

        JsonNode response = invoke(event);

        assertEquals(200, response.get("statusCode").asInt());
        assertReceipt(expectedKeyVersion(), TestVectors.valid().getFirst(), TestVectors.JSON.readTree(response.get("body").asText()));
    }

    @Test
    void refusesUnpaddedBase64AsMalformed() throws IOException {
        ObjectNode event = HttpApiEvents.request("POST", "/transactions", "{\"transactions\":[]}");
        event.put("body", Base64.getEncoder().withoutPadding().encodeToString(event.get("body").asText().getBytes(UTF_8)));
        event.put("isBase64Encoded", true);

        JsonNode response = invoke(event);

        assertEquals(400, response.get("statusCode").asInt());
        assertEquals("malformed_json", TestVectors.JSON.readTree(response.get("body").asText()).get("error").asText());
    }

    @Test
    void refusesANonJsonContentTypeWith415() throws IOException {
        ObjectNode event = HttpApiEvents.postTransactions();
        ((ObjectNode) event.get("headers")).put("content-type", "text/plain");

        JsonNode response = invoke(event);

        assertEquals(415, response.get("statusCode").asInt());
        assertEquals("unsupported_media_type", TestVectors.JSON.readTree(response.get("body").asText()).get("error").asText());
    }

    @Test
    void acceptsJsonWithACharsetParameter() throws IOException {
        ObjectNode event = HttpApiEvents.postTransactions();
        ((ObjectNode) event.get("headers")).put("content-type", "Application/JSON; charset=utf-8");

        assertEquals(200, invoke(event).get("statusCode").asInt());
    }

    @Test
    void verifiesAGoodSignature() throws IOException {
        JsonNode answer = verify(SEED_SIGNATURE, expectedKeyVersion());

        assertEquals("success", answer.get("status").asText());
        assertTrue(answer.get("valid").asBoolean());
        assertEquals(expectedKeyVersion(), answer.get("keyVersion").asText());
    }

    @Test
    void rejectsATamperedSignature() throws IOException {
        JsonNode answer = verify("0" + SEED_SIGNATURE.substring(1), expectedKeyVersion());

        assertFalse(answer.get("valid").asBoolean());
    }

    @Test
    void rejectsASignatureOfAnUnknownKeyVersion() throws IOException {
        JsonNode answer = verify(SEED_SIGNATURE, "retired-version");

        assertFalse(answer.get("valid").asBoolean());
        assertEquals("retired-version", answer.get("keyVersion").asText());
    }

    @Test
    void answersAnUnknownRouteWith404() throws IOException {
        assertEquals(404, invoke(HttpApiEvents.request("POST", "/accounts", SEED.request())).get("statusCode").asInt());
    }

    @Test
    void servesOnlyTheRoutesItDeclaresNotAPathThatEndsLikeOne() throws IOException {
        ObjectNode event = HttpApiEvents.request("POST", "/other/transactions", SEED.request());
        event.put("routeKey", "$default");

        assertEquals(404, invoke(event).get("statusCode").asInt());
    }

    @Test
    void routesByTheRouteMatchedWhateverTheStageInThePath() throws IOException {
        ObjectNode event = HttpApiEvents.postTransactions();
        event.put("rawPath", "/prod/transactions");
        ((ObjectNode) event.get("requestContext")).put("stage", "prod");

        assertEquals(200, invoke(event).get("statusCode").asInt());
    }

    /**
     * A character escaped in the event itself rather than in its body, such as an id {@code a}, U+D800, {@code b}:
     * no UTF-8 body can hold an unpaired surrogate, and a lossy decoding would sign that id as {@code a?b}.
     */
    @ParameterizedTest
    @CsvSource({"tx-1, a\\ud800b", "req-bench, r\\udfff", "tx-3, \\udc00\\ud800"})
    void refusesAnUnpairedSurrogateEscapedInTheEnvelopesBody(String text, String escaped) throws IOException {
        String event = TestVectors.JSON.writeValueAsString(HttpApiEvents.postTransactions()).replace(text, escaped);

        JsonNode response = invoke(event);

        assertEquals(400, response.get("statusCode").asInt());
        JsonNode answer = TestVectors.JSON.readTree(response.get("body").asText());
        assertEquals("invalid_request", answer.get("error").asText());
        assertEquals("body: must be valid Unicode (it has an unpaired surrogate)", answer.get("message").asText());
    }

    @Test
    void takesASurrogatePairEscapedInTheEnvelopesBody() throws IOException {
        String event = TestVectors.JSON.writeValueAsString(HttpApiEvents.postTransactions()).replace("tx-1", "\\ud83d\\ude00");

        JsonNode answer = TestVectors.JSON.readTree(invoke(event).get("body").asText());

        assertEquals("success", answer.get("status").asText(), answer::toString);
        assertEquals(invoke(SEED.request().replace("tx-1", "\ud83d\ude00")).get("digest").asText(), answer.get("digest").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"routeKey\":\"POST /transactions\"|\"routeKey\":\"POST /transactions\\ud800\"|routeKey",
            "\"method\":\"POST\"|\"method\":\"POST\\udfff\"|requestContext.http.method",
            "\"content-type\":\"application/json\"|\"content-type\":\"application/json\\ud800\"|headers.content-type"})
    void refusesAnUnpairedSurrogateInTheFieldsItReadsFromTheEnvelope(String field, String escaped, String path)
            throws IOException {
        String event = TestVectors.JSON.writeValueAsString(HttpApiEvents.postTransactions()).replaceFirst(
                Pattern.quote(field), Matcher.quoteReplacement(escaped));

        JsonNode response = invoke(event);

        assertEquals(400, response.get("statusCode").asInt());
        JsonNode answer = TestVectors.JSON.readTree(response.get("body").asText());
        assertEquals("invalid_request", answer.get("error").asText());
        assertEquals(path + ": must be valid Unicode (it has an unpaired surrogate)", answer.get("message").asText());
    }

    @Test
    void answersAnotherMethodWith405() throws IOException {
        ObjectNode event = HttpApiEvents.postTransactions();
        ((ObjectNode) event.get("requestContext").get("http")).put("method", "GET");

        JsonNode response = invoke(event);

        assertEquals(405, response.get("statusCode").asInt());
        assertEquals("POST", response.get("headers").get("allow").asText());
    }

    @Test
    void refusesABodyOverTheLambdaPayloadLimitWith413() throws IOException {
        String body = "{\"transactions\":[]}" + " ".repeat(Limits.MAX_BODY_BYTES);

        JsonNode response = invoke(HttpApiEvents.request("POST", "/transactions", body));

        assertEquals(413, response.get("statusCode").asInt());
        assertEquals("batch_too_large", TestVectors.JSON.readTree(response.get("body").asText()).get("error").asText());
    }

    @Test
    void refusesTheTransactionOverTheLimitWith413() throws IOException {
        StringBuilder batch = new StringBuilder("{\"transactions\":[");
        for (int i = 0; i <= Limits.MAX_TRANSACTIONS; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":\"t\",\"amount\":1,\"type\":\"D\"}");
        }

        JsonNode answer = invoke(batch.append("]}").toString());

        assertEquals("batch_too_large", answer.get("error").asText());
        assertTrue(answer.get("message").asText().startsWith("transactions: more than 100000 transactions"));
    }

    @Test
    void treatsAnEventWithoutABodyAsMalformed() throws IOException {
        ObjectNode event = HttpApiEvents.postTransactions();
        event.remove("body");

        JsonNode response = invoke(event);

        assertEquals(400, response.get("statusCode").asInt());
        assertEquals("malformed_json", TestVectors.JSON.readTree(response.get("body").asText()).get("error").asText());
    }

    /** The vectors name the key version {@code local-dev}; the function under test may hold its key under another. */
    private String withOurKeyVersion(String text) {
        String vectors = TestVectors.keyVersion();
        return text.equals(vectors) ? expectedKeyVersion()
                : text.replace("\"keyVersion\":\"" + vectors + "\"", "\"keyVersion\":\"" + expectedKeyVersion() + "\"");
    }

    private JsonNode verify(String signature, String keyVersion) throws IOException {
        ObjectNode event = HttpApiEvents.postVerify();
        ObjectNode body = (ObjectNode) TestVectors.JSON.readTree(event.get("body").asText());
        body.put("signature", signature);
        body.put("keyVersion", keyVersion);
        body.put("processedAt", SEED.processedAt().toString());
        event.put("body", TestVectors.JSON.writeValueAsString(body));

        JsonNode response = invoke(event);

        assertEquals(200, response.get("statusCode").asInt());
        return TestVectors.JSON.readTree(response.get("body").asText());
    }

    static void assertReceipt(String keyVersion, TestVectors.Valid vector, JsonNode answer) {
        JsonNode expected = vector.expected();
        assertEquals("success", answer.get("status").asText(), answer::toString);
        assertEquals(expected.path("requestId").asText(null), answer.path("requestId").asText(null));
        assertEquals(expected.get("transactionCount").asInt(), answer.get("transactionCount").asInt());
        assertEquals(expected.get("creditCount").asInt(), answer.get("creditCount").asInt());
        assertTrue(answer.get("totalCredit").isNumber());
        assertEquals(expected.get("totalCredit").asText(), answer.get("totalCredit").decimalValue().toPlainString());
        assertEquals(expected.get("digest").asText(), answer.get("digest").asText());
        assertEquals(keyVersion, answer.get("keyVersion").asText());
        String processedAt = answer.get("processedAt").asText();
        assertTrue(processedAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), processedAt);
        assertEquals(TestVectors.signatureAt(vector, processedAt), answer.get("signature").asText(),
                "the tally-v2 signature of the vector's message at the answer's processedAt");
    }

    static void assertRefusal(TestVectors.Invalid vector, JsonNode answer) {
        assertEquals("error", answer.get("status").asText(), answer::toString);
        assertEquals(vector.error(), answer.get("error").asText());
        String message = answer.get("message").asText();
        if (vector.path() != null) {
            assertTrue(message.startsWith(vector.path() + ": "), message);
        }
        assertFalse(message.contains("Exception") || message.contains("com.fasterxml"), message);
    }

    private static boolean isJson(String text) {
        try {
            TestVectors.JSON.readTree(text);
            return !text.isBlank();
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode invoke(Object event) throws IOException {
        String answer = given()
                .contentType("application/json")
                .body(event instanceof JsonNode node ? TestVectors.JSON.writeValueAsString(node) : event)
                .when().post()
                .then().statusCode(200)
                .extract().asString();
        return TestVectors.JSON.readTree(answer);
    }
}
