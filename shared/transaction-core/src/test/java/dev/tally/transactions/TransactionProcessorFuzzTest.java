package dev.tally.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.tally.fixtures.TestVectors;

/**
 * Any bytes at all, as a request body: the only allowed outcomes are a receipt that a plain tree-model
 * reading of the same JSON agrees with, or one of WORKLOAD.md's refusals of a body. Anything else
 * (an exception, a 500, a receipt that disagrees) is a finding.
 *
 * <p>{@code ./mvnw verify} replays the inputs under {@code TransactionProcessorFuzzTestInputs/} and then
 * fuzzes for {@code fuzz.duration}; every crash found is saved there and stays a regression test.
 */
class TransactionProcessorFuzzTest {
    private static final Set<ErrorCode> BODY_REFUSALS =
            EnumSet.of(ErrorCode.MALFORMED_JSON, ErrorCode.INVALID_REQUEST, ErrorCode.BATCH_TOO_LARGE);
    /** What a message must not leak: class names and stack frames (the path part echoes the client's keys). */
    private static final Pattern INTERNALS = Pattern.compile("com\\.fasterxml|java\\.|jdk\\.|Exception|\\tat ");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
    private static final JsonMapper REFERENCE = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final TransactionProcessor processor =
            new TransactionProcessor(KeyRing.of(new SigningKey(TestVectors.signingKeyMaterial(), "v1")), CLOCK, 1_000, 64 * 1024);

    @DictionaryEntries({"\"transactions\"", "\"requestId\"", "\"id\"", "\"amount\"", "\"type\"", "\"CREDIT\"",
            "\"signature\"", "\"keyVersion\"", "\"v1\"", "1e18", "0.000000000000000001", "-0", "\\u0000", "\\ud83d"})
    @FuzzTest
    void processesOrRefusesAnyBody(byte[] body) throws Exception {
        try {
            Receipt receipt = processor.process(body, 0, body.length);
            assertAgreesWithTreeModel(body, receipt);
        } catch (RequestRefusedException refusal) {
            assertRefusedCleanly(refusal);
        }
        try {
            Verification verification = processor.verify(body, 0, body.length);
            assertNotNull(verification.keyVersion());
        } catch (RequestRefusedException refusal) {
            assertRefusedCleanly(refusal);
        }
    }

    private static void assertRefusedCleanly(RequestRefusedException refusal) {
        assertTrue(BODY_REFUSALS.contains(refusal.code()), () -> "unexpected refusal " + refusal.code());
        String message = refusal.getMessage();
        String detail = refusal.path() == null ? message : message.substring(refusal.path().length() + 2);
        assertFalse(detail.isBlank(), "a refusal says what is wrong");
        assertFalse(INTERNALS.matcher(detail).find(), message);
    }

    /** The workload recomputed the slow, obvious way from a Jackson tree of the same bytes. */
    private static void assertAgreesWithTreeModel(byte[] body, Receipt receipt) throws Exception {
        JsonNode request;
        try {
            request = REFERENCE.readTree(body);
        } catch (NumberFormatException unrepresentable) {
            // A number no BigDecimal holds (an exponent beyond an int; Jackson 2.21.8 refuses it where 2.21.2
            // did not): as an amount the library refuses it, or reads it as 0 when its digits are all zero, so
            // it stands in a field the library skips or is a zero; no tree model can be built to compare with.
            return;
        }
        JsonNode transactions = request.get("transactions");
        MessageDigest ids = sha256();
        BigDecimal total = BigDecimal.ZERO;
        int credits = 0;
        for (JsonNode transaction : transactions) {
            if ("CREDIT".equals(transaction.get("type").textValue())) {
                credits++;
                total = total.add(transaction.get("amount").decimalValue());
                ids.update(transaction.get("id").textValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(transactions.size(), receipt.transactionCount());
        assertEquals(credits, receipt.creditCount());
        assertEquals(0, total.compareTo(new BigDecimal(receipt.totalCredit())), receipt::totalCredit);
        assertEquals(canonical(total), receipt.totalCredit());
        assertEquals(HexFormat.of().formatHex(ids.digest()), receipt.digest());
        JsonNode requestId = request.get("requestId");
        assertEquals(requestId == null ? null : requestId.textValue(), receipt.requestId());
    }

    private static String canonical(BigDecimal sum) {
        return sum.signum() == 0 ? "0" : sum.stripTrailingZeros().toPlainString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
