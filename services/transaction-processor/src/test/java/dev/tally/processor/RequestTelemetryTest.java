package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.TestVectors;
import dev.tally.keys.KeySource;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.KeyUnavailableException;
import dev.tally.transactions.KeyRing;
import dev.tally.transactions.TransactionProcessor;

/** The request log line and the embedded-metric-format document, as an operator would read them. */
class RequestTelemetryTest {
    private static final String BATCH = """
            {"requestId":"r-1","transactions":[
              {"id":"id-never-logged","amount":123.456789,"type":"CREDIT"},
              {"id":"other-id","amount":1,"type":"DEBIT"}]}""";

    private final CountingKeys keys = new CountingKeys();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ProcessTransactionsHandler handler = new ProcessTransactionsHandler(
            new TransactionProcessor(keys, Clock.systemUTC()), new RequestTelemetry(keys, stdout, "tally-fn", "INFO", true, Initialization.ON_DEMAND));
    private final Logger requestLog = Logger.getLogger("dev.tally.requests");
    private final RecordCapture records = new RecordCapture();

    @BeforeEach
    void captureRequestLog() {
        requestLog.addHandler(records);
    }

    @AfterEach
    void stopCapturing() {
        requestLog.removeHandler(records);
    }

    @Test
    void logsOneLineARequestWithItsOutcomeCountsDurationAndColdStart() throws Exception {
        invoke(BATCH, "req-1");
        invoke("{\"transactions\":[{\"id\":7}]}", "req-2");

        assertEquals(2, records.mdcs.size());
        Map<String, String> answered = records.mdcs.get(0);
        assertEquals("req-1", answered.get("requestId"));
        assertEquals("ok", answered.get("outcome"));
        assertEquals("200", answered.get("status"));
        assertEquals("2", answered.get("transactions"));
        assertEquals("1", answered.get("credits"));
        assertEquals("true", answered.get("coldStart"));
        assertTrue(Double.parseDouble(answered.get("durationMs")) > 0, answered::toString);
        Map<String, String> refused = records.mdcs.get(1);
        assertEquals("invalid_request", refused.get("outcome"));
        assertEquals("false", refused.get("coldStart"));
        assertFalse(refused.containsKey("transactions"), "no counts for a batch that was not read");
    }

    @Test
    void writesAMetricsDocumentARequestWithKeyFetchesSinceThePreviousOne() throws Exception {
        keys.fetches = 1;
        invoke(BATCH, "req-1");
        invoke(BATCH, "req-2");
        keys.fetches = 3;
        keys.failedFetches = 1;
        invoke(BATCH, "req-3");

        List<JsonNode> documents = documents();
        assertEquals(3, documents.size());
        JsonNode first = documents.get(0);
        JsonNode directive = first.at("/_aws/CloudWatchMetrics/0");
        assertEquals("Tally", directive.get("Namespace").asText());
        assertEquals("[[\"FunctionName\"]]", directive.get("Dimensions").toString());
        assertEquals("tally-fn", first.get("FunctionName").asText());
        assertEquals(List.of(1, 0, 0), documents.stream().map(d -> d.get("ColdStart").asInt()).toList());
        assertEquals(List.of(1, 0, 2), documents.stream().map(d -> d.get("SigningKeyFetches").asInt()).toList());
        assertEquals(List.of(0, 0, 1), documents.stream().map(d -> d.get("SigningKeyFetchFailures").asInt()).toList());
        assertEquals(2, first.get("Transactions").asInt());
        assertTrue(first.at("/_aws/Timestamp").asLong() > 0);
        assertFalse(first.has("Refusals"));
    }

    @Test
    void countsAColdStartOnlyWhereARequestWaitedForInit() throws Exception {
        for (String type : List.of("on-demand", "snap-start", "provisioned-concurrency", "lambda-managed-instances", "")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ProcessTransactionsHandler handler = new ProcessTransactionsHandler(new TransactionProcessor(keys, Clock.systemUTC()),
                    new RequestTelemetry(keys, out, "tally-fn", "INFO", false, Initialization.of(type)));
            handler.handle(new ByteArrayInputStream(BATCH.getBytes(UTF_8)), new ByteArrayOutputStream(), "req-1");
            handler.handle(new ByteArrayInputStream(BATCH.getBytes(UTF_8)), new ByteArrayOutputStream(), "req-2");

            List<Integer> coldStarts = new ArrayList<>();
            for (String line : out.toString(UTF_8).lines().toList()) {
                coldStarts.add(TestVectors.JSON.readTree(line).get("ColdStart").asInt());
            }
            boolean waited = !type.equals("provisioned-concurrency") && !type.equals("lambda-managed-instances");
            assertEquals(waited ? List.of(1, 0) : List.of(0, 0), coldStarts, type);
        }
    }

    @Test
    void givesEveryMetricsDocumentALevelLambdaKeepsAtTheFunctionsLogLevel() throws Exception {
        invoke(BATCH, "req-1");

        assertEquals("INFO", documents().getFirst().get("level").asText(), "Lambda takes a line without a level for INFO");
        assertEquals("INFO", RequestTelemetry.metricsLevel(null));
        assertEquals("INFO", RequestTelemetry.metricsLevel("DEBUG"));
        assertEquals("WARN", RequestTelemetry.metricsLevel("warn"));
        assertEquals("ERROR", RequestTelemetry.metricsLevel("ERROR"));
    }

    @Test
    void countsARefusalUnderItsErrorCode() throws Exception {
        invoke("{\"transactions\":{}}", "req-1");

        JsonNode document = documents().getFirst();
        JsonNode byError = document.at("/_aws/CloudWatchMetrics/1");
        assertEquals("[[\"FunctionName\",\"Error\"]]", byError.get("Dimensions").toString());
        assertEquals("Refusals", byError.at("/Metrics/0/Name").asText());
        assertEquals("invalid_request", document.get("Error").asText());
        assertEquals(1, document.get("Refusals").asInt());
    }

    @Test
    void neitherTheLogNorTheMetricsCarryIdsAmountsOrTheKey() throws Exception {
        invoke(BATCH, "req-1");

        String everything = stdout.toString(UTF_8) + records.lines;
        for (String secret : List.of("id-never-logged", "123.456789", TestVectors.signingKeyText())) {
            assertFalse(everything.contains(secret), secret + " reached the log: " + everything);
        }
    }

    private void invoke(String batch, String requestId) throws IOException {
        handler.handleRequest(new ByteArrayInputStream(batch.getBytes(UTF_8)), new ByteArrayOutputStream(),
                new RequestContext(requestId));
    }

    private List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : stdout.toString(UTF_8).lines().toList()) {
            documents.add(TestVectors.JSON.readTree(line));
        }
        return documents;
    }

    /** The vectors' key, with the fetch counters a Secrets Manager source would have. */
    private static final class CountingKeys implements KeySource {
        private final KeyRing key = KeyRing.of(new SigningKey(TestVectors.signingKeyMaterial(), "v1"));
        long fetches;
        long failedFetches;

        @Override
        public SigningKey current() throws KeyUnavailableException {
            return key.current();
        }

        @Override
        public Optional<SigningKey> verifying(String version) throws KeyUnavailableException {
            return key.verifying(version);
        }

        @Override
        public long fetches() {
            return fetches;
        }

        @Override
        public long failedFetches() {
            return failedFetches;
        }
    }

    /** The MDC and text of each record the request logger publishes. */
    private static final class RecordCapture extends Handler {
        final List<Map<String, String>> mdcs = new CopyOnWriteArrayList<>();
        final StringBuilder lines = new StringBuilder();

        RecordCapture() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            ExtLogRecord ext = (ExtLogRecord) record;
            Map<String, String> mdc = new TreeMap<>();
            ext.getMdcCopy().forEach((k, v) -> mdc.put(k, String.valueOf(v)));
            mdcs.add(mdc);
            lines.append(ext.getFormattedMessage()).append(mdc).append('\n');
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** The part of a Lambda context the handler reads: the request ID. */
    private record RequestContext(String getAwsRequestId) implements Context {
        @Override
        public String getLogGroupName() {
            return null;
        }

        @Override
        public String getLogStreamName() {
            return null;
        }

        @Override
        public String getFunctionName() {
            return "tally-fn";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return null;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 10_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 256;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
