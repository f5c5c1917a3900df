package dev.tally.transactions;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.fixtures.TestVectors;

class TransactionProcessorTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00.750Z"), ZoneOffset.UTC);
    private final TransactionProcessor processor = new TransactionProcessor(keys("v1"), CLOCK);

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void answersEveryValidVector(TestVectors.Valid vector) throws Exception {
        TransactionProcessor atItsTime = new TransactionProcessor(keys(TestVectors.keyVersion()),
                Clock.fixed(vector.processedAt().plusMillis(750), ZoneOffset.UTC));
        ObjectNode expected = vector.expected().deepCopy();
        expected.remove("signedMessage");
        String totalCredit = expected.remove("totalCredit").asText();

        ObjectNode answer = (ObjectNode) TestVectors.JSON.readTree(receiptBody(process(atItsTime, vector.request())));

        assertEquals(totalCredit, answer.remove("totalCredit").decimalValue().toPlainString());
        assertEquals(expected, answer);
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#verifications")
    void answersEveryVerificationVector(TestVectors.Verification vector) throws Exception {
        TransactionProcessor verifier = new TransactionProcessor(keys(TestVectors.keyVersion()), CLOCK);

        Verification verification = verify(verifier, vector.request());

        assertEquals(vector.expected().get("valid").asBoolean(), verification.valid());
        assertEquals(vector.expected().get("keyVersion").asText(), verification.keyVersion());
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#verificationInvalid")
    void refusesEveryInvalidVerificationNamingItsPath(TestVectors.Invalid vector) {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> verify(processor, vector.request()));

        assertEquals(vector.error(), refusal.code().wireName());
        assertEquals(vector.status(), refusal.code().httpStatus());
        assertEquals(vector.path(), refusal.path());
        assertTrue(refusal.getMessage().startsWith(vector.path() + ": "), refusal.getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void writesTotalCreditAsTheCanonicalNumberToken(TestVectors.Valid vector) throws Exception {
        String body = receiptBody(process(processor, vector.request()));

        assertTrue(body.contains("\"totalCredit\":" + vector.expected().get("totalCredit").asText() + ","), body);
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#invalid")
    void refusesEveryInvalidVectorNamingItsPath(TestVectors.Invalid vector) {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, vector.request()));

        assertEquals(vector.error(), refusal.code().wireName());
        assertEquals(vector.status(), refusal.code().httpStatus());
        assertEquals(vector.path(), refusal.path());
        if (vector.path() != null) {
            assertTrue(refusal.getMessage().startsWith(vector.path() + ": "), refusal.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void verifiesTheSignatureOfEveryValidVector(TestVectors.Valid vector) throws Exception {
        Verification verification = verify(processor, withSignature(vector, vector.expected().get("signature").asText(), "v1"));

        assertTrue(verification.valid());
        assertEquals("v1", verification.keyVersion());
    }

    @ParameterizedTest
    @MethodSource("dev.tally.fixtures.TestVectors#valid")
    void rejectsATamperedSignature(TestVectors.Valid vector) throws Exception {
        String signature = vector.expected().get("signature").asText();
        String tampered = (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1);

        assertFalse(verify(processor, withSignature(vector, tampered, "v1")).valid());
    }

    @Test
    void treatsAnUnknownKeyVersionAsInvalidNotAsAnError() throws Exception {
        TestVectors.Valid seed = TestVectors.valid().getFirst();

        Verification verification = verify(processor, withSignature(seed, seed.expected().get("signature").asText(), "v0"));

        assertFalse(verification.valid());
        assertEquals("v0", verification.keyVersion());
    }

    @Test
    void treatsASignatureThatIsNotHexAsInvalid() throws Exception {
        assertFalse(verify(processor, withSignature(TestVectors.valid().getFirst(), "z".repeat(64), "v1")).valid());
    }

    @Test
    void requiresTheSignatureToVerify() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> verify(processor, "{\"keyVersion\":\"v1\",\"transactions\":[]}"));

        assertEquals("signature", refusal.path());
    }

    @Test
    void ignoresSignatureFieldsWhenProcessing() throws Exception {
        Receipt receipt = process(processor, "{\"signature\":1,\"keyVersion\":{},\"transactions\":[]}");

        assertEquals(0, receipt.transactionCount());
    }

    @Test
    void refusesTheTransactionAfterTheLimitAsBatchTooLarge() {
        TransactionProcessor small = new TransactionProcessor(keys("v1"), CLOCK, 2, 1024);

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class, () -> process(small, 
                "{\"transactions\":[{\"id\":\"a\",\"amount\":1,\"type\":\"CREDIT\"},"
                        + "{\"id\":\"b\",\"amount\":1,\"type\":\"CREDIT\"},{\"id\":\"c\",\"amount\":1,\"type\":\"CREDIT\"}]}"));

        assertEquals(ErrorCode.BATCH_TOO_LARGE, refusal.code());
        assertEquals("transactions", refusal.path());
    }

    @Test
    void refusesABodyOverTheSizeLimitBeforeParsingIt() {
        TransactionProcessor small = new TransactionProcessor(keys("v1"), CLOCK, 10, 16);

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(small, "{\"transactions\":[]}   "));

        assertEquals(ErrorCode.BATCH_TOO_LARGE, refusal.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"})
    void refusesABodyInAnyEncodingButUtf8(String charset) {
        byte[] body = "{\"transactions\":[{\"id\":\"a\",\"amount\":1,\"type\":\"CREDIT\"}]}".getBytes(Charset.forName(charset));

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> processor.process(body, 0, body.length));

        assertEquals(ErrorCode.MALFORMED_JSON, refusal.code());
    }

    @Test
    void refusesAUtf8ByteOrderMark() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, "\uFEFF{\"transactions\":[]}"));

        assertEquals(ErrorCode.MALFORMED_JSON, refusal.code());
    }

    @Test
    void refusesAFieldNameWithByteFFThoughItsTailIsANameAlreadyRead() throws Exception {
        process(processor, "{\"transactions\":[{\"id\":\"a\",\"amount\":1,\"type\":\"CREDIT\"}]}");
        byte[] body = "{\"transactions\":[{\"?id\":\"b\",\"amount\":1,\"type\":\"CREDIT\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        body[19] = (byte) 0xFF;

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> processor.process(body, 0, body.length));

        assertEquals(ErrorCode.MALFORMED_JSON, refusal.code());
    }

    @Test
    void refusesAnAmountLongerThanTheNumberLimitAtItsPath() {
        String amount = "1." + "0".repeat(Limits.MAX_NUMBER_LENGTH);

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class, () -> process(processor, 
                "{\"transactions\":[{\"id\":\"a\",\"type\":\"CREDIT\",\"amount\":" + amount + "}]}"));

        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
        assertEquals("transactions[0].amount", refusal.path());
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        String deep = "[".repeat(Limits.MAX_NESTING_DEPTH + 1) + "]".repeat(Limits.MAX_NESTING_DEPTH + 1);

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, "{\"transactions\":[],\"meta\":" + deep + "}"));

        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
        assertTrue(refusal.path().startsWith("meta"), refusal.path());
    }

    @Test
    void refusesADuplicateKeyInsideAnUnknownField() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, "{\"transactions\":[],\"meta\":{\"k\":1,\"k\":2}}"));

        assertEquals(ErrorCode.INVALID_REQUEST, refusal.code());
        assertEquals("meta.k", refusal.path());
    }

    @Test
    void refusesAnIdWithAnUnpairedSurrogate() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, "{\"transactions\":[{\"id\":\"a\\ud800\",\"amount\":1,\"type\":\"CREDIT\"}]}"));

        assertEquals("transactions[0].id", refusal.path());
    }

    @Test
    void echoesTheRequestIdInARefusalReadAfterIt() {
        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> process(processor, "{\"requestId\":\"r-9\",\"transactions\":[{\"id\":\"a\",\"amount\":\"1\",\"type\":\"CREDIT\"}]}"));

        assertEquals("r-9", refusal.requestId());
    }

    @Test
    void treatsANullRequestIdAsAbsent() throws Exception {
        assertNull(process(processor, "{\"requestId\":null,\"transactions\":[]}").requestId());
    }

    @Test
    void acceptsIdsOfExactly128CodePointsEvenWhenLongerInUtf16() throws Exception {
        String id = "\uD83D\uDE00".repeat(128);

        Receipt receipt = process(processor, "{\"transactions\":[{\"id\":\"" + id + "\",\"amount\":1,\"type\":\"CREDIT\"}]}");

        assertEquals(1, receipt.creditCount());
    }

    @Test
    void refusesWithoutTheKeyWhenTheRequestIsInvalid() {
        KeyRing unavailable = new KeyRing() {
            @Override
            public SigningKey current() throws KeyUnavailableException {
                throw new KeyUnavailableException("down", Duration.ofSeconds(5), null);
            }

            @Override
            public Optional<SigningKey> verifying(String version) throws KeyUnavailableException {
                throw new KeyUnavailableException("down", Duration.ofSeconds(5), null);
            }
        };
        TransactionProcessor outage = new TransactionProcessor(unavailable, CLOCK);

        assertThrows(RequestRefusedException.class, () -> process(outage, "{\"transactions\":{}}"));
        assertThrows(KeyUnavailableException.class, () -> process(outage, "{\"transactions\":[]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-23T24:00:00Z", "2026-12-31T23:59:60Z", "2026-11-23T10:00:00.000Z", "+2026-11-23T10:00:00Z"})
    void refusesAProcessedAtNotWrittenAsAnswersWriteIt(String processedAt) throws IOException {
        ObjectNode request = (ObjectNode) TestVectors.JSON.readTree(withSignature(TestVectors.valid().getFirst(), "0".repeat(64), "v1"));
        request.put("processedAt", processedAt);

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class,
                () -> verify(processor, TestVectors.JSON.writeValueAsString(request)));

        assertEquals("processedAt", refusal.path());
    }

    @Test
    void namesTheLineAndColumnOfTheFaultNotTheEndOfTheBody() {
        String body = "{\"transactions\":[\n  {\"id\":\"a\",,\"amount\":1,\"type\":\"CREDIT\"}],\n \"requestId\":\"r\"}";

        RequestRefusedException refusal = assertThrows(RequestRefusedException.class, () -> process(processor, body));

        assertEquals(ErrorCode.MALFORMED_JSON, refusal.code());
        assertEquals("not valid JSON at line 2, column 13", refusal.getMessage());
    }

    @Test
    void writesARefusalBodyWithCodeMessageAndRequestId() {
        byte[] body = ResponseBodies.refusal(new RequestRefusedException(ErrorCode.INVALID_REQUEST, "transactions[3].amount",
                "expected a JSON number", "req-1"));

        assertEquals("{\"status\":\"error\",\"error\":\"invalid_request\",\"message\":\"transactions[3].amount: "
                + "expected a JSON number\",\"requestId\":\"req-1\"}", new String(body, UTF_8));
    }

    private static Receipt process(TransactionProcessor processor, String json) throws Exception {
        byte[] bytes = json.getBytes(UTF_8);
        return processor.process(bytes, 0, bytes.length);
    }

    private static Verification verify(TransactionProcessor processor, String json) throws Exception {
        byte[] bytes = json.getBytes(UTF_8);
        return processor.verify(bytes, 0, bytes.length);
    }

    private static String receiptBody(Receipt receipt) {
        return new String(ResponseBodies.receipt(receipt), UTF_8);
    }

    private static String withSignature(TestVectors.Valid vector, String signature, String keyVersion) throws IOException {
        ObjectNode request = (ObjectNode) TestVectors.JSON.readTree(vector.request());
        request.put("signature", signature);
        request.put("keyVersion", keyVersion);
        request.put("processedAt", vector.processedAt().toString());
        return TestVectors.JSON.writeValueAsString(request);
    }

    /** Signing keys that are the vectors' key under {@code version}. */
    private static KeyRing keys(String version) {
        return KeyRing.of(new SigningKey(TestVectors.signingKeyMaterial(), version));
    }
}
