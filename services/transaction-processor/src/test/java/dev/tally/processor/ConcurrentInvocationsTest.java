package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.TestVectors;
import dev.tally.keys.KeySource;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.TransactionProcessor;

/**
 * One handler, one key source and one telemetry serving many threads at once, as the runtime interface
 * client runs them with {@code AWS_LAMBDA_MAX_CONCURRENCY}: every answer is its own vector's, and every
 * request gets one log record and one metrics document, whole, carrying its own ID and its own counts.
 */
class ConcurrentInvocationsTest {
    private static final int THREADS = 32;
    private static final int INVOCATIONS = 4_000;

    @Test
    void answersEveryRequestAsItsOwnAndRecordsItOnceUnderItsOwnId() throws Exception {
        KeySource keys = KeySource.builtIn(new SigningKey(TestVectors.signingKeyMaterial(), TestVectors.keyVersion()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ProcessTransactionsHandler handler = new ProcessTransactionsHandler(new TransactionProcessor(keys, Clock.systemUTC()),
                new RequestTelemetry(keys, stdout, "tally-fn", "INFO", true, Initialization.MANAGED_INSTANCES));
        List<TestVectors.Valid> vectors = TestVectors.valid();
        Map<String, Map<String, String>> logged = new ConcurrentHashMap<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                Map<String, String> mdc = new ConcurrentHashMap<>();
                ((ExtLogRecord) record).getMdcCopy().forEach((k, v) -> mdc.put(k, String.valueOf(v)));
                if (logged.put(mdc.get("requestId"), mdc) != null) {
                    throw new AssertionError("two records for " + mdc.get("requestId"));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger requests = Logger.getLogger("dev.tally.requests");
        requests.addHandler(capture);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch together = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < INVOCATIONS; i++) {
                TestVectors.Valid vector = vectors.get(i % vectors.size());
                String requestId = "req-" + i;
                answers.add(pool.submit((Callable<JsonNode>) () -> {
                    together.await();
                    ByteArrayOutputStream answer = new ByteArrayOutputStream();
                    handler.handle(new ByteArrayInputStream(vector.request().getBytes(UTF_8)), answer, requestId);
                    return TestVectors.JSON.readTree(answer.toByteArray());
                }));
            }
            together.countDown();
            for (int i = 0; i < INVOCATIONS; i++) {
                ProcessTransactionsContract.assertReceipt(TestVectors.keyVersion(), vectors.get(i % vectors.size()), answers.get(i).get());
            }
        } finally {
            pool.shutdownNow();
            requests.removeHandler(capture);
        }

        assertEquals(INVOCATIONS, logged.size());
        List<String> documents = stdout.toString(UTF_8).lines().toList();
        assertEquals(INVOCATIONS, documents.size());
        Map<String, JsonNode> measured = new ConcurrentHashMap<>();
        for (String line : documents) {
            JsonNode document = TestVectors.JSON.readTree(line);
            assertEquals(null, measured.put(document.get("requestId").asText(), document), "one document a request");
        }
        for (int i = 0; i < INVOCATIONS; i++) {
            String requestId = "req-" + i;
            int transactions = vectors.get(i % vectors.size()).expected().get("transactionCount").asInt();
            assertEquals(Integer.toString(transactions), logged.get(requestId).get("transactions"), requestId + "'s own record");
            assertEquals(transactions, measured.get(requestId).get("Transactions").asInt(), requestId + "'s own document");
            assertEquals(0, measured.get(requestId).get("ColdStart").asInt(), "initialised ahead of traffic: no cold start");
        }
    }
}
