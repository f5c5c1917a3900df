package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import dev.tally.fixtures.TestVectors;
import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * The packaged function serving many requests at once, as on Lambda Managed Instances: with
 * {@code AWS_LAMBDA_MAX_CONCURRENCY} set, the runtime interface client runs that many handler threads, each
 * polling the runtime API. The first invocations arrive together while Quarkus starts; then hundreds more
 * run concurrently. Every answer is checked against its vector, and the function's output holds one whole
 * request log line and one metrics document per request, with that request's own ID.
 */
class PackagedFunctionConcurrencyIT {
    private static final String SECRET = "tally/signing-key";
    private static final int CONCURRENCY = 16;
    private static final int INVOCATIONS = 400;

    @Test
    void answersABurstOfFirstInvocationsAndHundredsMoreEachAgainstItsVector() throws Exception {
        Path target = Path.of("target");
        Path log = target.resolve("packaged-function-concurrency.log");
        try (MotoServer moto = MotoServer.start(); MockEventServer runtimeApi = new MockEventServer()) {
            moto.createSigningKeySecret(SECRET, TestVectors.signingKeyText());
            String keyVersion;
            try (var admin = moto.client()) {
                keyVersion = admin.getSecretValue(r -> r.secretId(SECRET).versionStage("AWSCURRENT")).versionId();
            }
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH, moto, SECRET));
            environment.put("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(CONCURRENCY));
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "lambda-managed-instances");
            List<TestVectors.Valid> vectors = TestVectors.valid();
            try (PackagedFunction function = PackagedFunction.start(PackagedFunction.packageDirectory(target), environment, log);
                    ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY * 2)) {
                RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                CountDownLatch together = new CountDownLatch(1);
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < INVOCATIONS; i++) {
                    TestVectors.Valid vector = vectors.get(i % vectors.size());
                    boolean firstWave = i < CONCURRENCY;
                    answers.add(clients.submit((Callable<JsonNode>) () -> {
                        if (firstWave) {
                            together.await();
                        }
                        return TestVectors.JSON.readTree(client.invoke(vector.request().getBytes(StandardCharsets.UTF_8)));
                    }));
                }
                together.countDown();
                for (int i = 0; i < INVOCATIONS; i++) {
                    JsonNode answer = answers.get(i).get();
                    ProcessTransactionsContract.assertReceipt(keyVersion, vectors.get(i % vectors.size()), answer);
                }
                assertTrue(function.isAlive(), () -> PackagedFunction.read(log));
            }
        }
        assertOneWholeLineAndDocumentPerRequest(PackagedFunction.read(log));
    }

    private static void assertOneWholeLineAndDocumentPerRequest(String output) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        // The runtime interface client announces its threads with no newline after it
        // ("Starting 16 concurrent function handler threads."), so a JSON line may follow it on the same line.
        for (String line : output.lines().filter(l -> l.contains("{")).toList()) {
            lines.add(TestVectors.JSON.readTree(line.substring(line.indexOf('{'))));
        }
        Map<String, Long> logged = lines.stream().filter(l -> "dev.tally.requests".equals(l.path("loggerName").asText()))
                .collect(Collectors.groupingBy(l -> l.at("/mdc/requestId").asText(), Collectors.counting()));
        Map<String, Long> measured = lines.stream().filter(l -> l.has("_aws"))
                .collect(Collectors.groupingBy(l -> l.path("requestId").asText(), Collectors.counting()));
        assertEquals(INVOCATIONS, logged.size(), "a log line for each request");
        assertEquals(logged.keySet(), measured.keySet(), "a metrics document for each request, with its ID");
        assertTrue(logged.values().stream().allMatch(n -> n == 1) && measured.values().stream().allMatch(n -> n == 1),
                "one line and one document each");
        assertEquals(0, lines.stream().filter(l -> l.has("_aws")).mapToInt(l -> l.path("ColdStart").asInt()).sum(),
                "no cold start where the environment was initialised ahead of its traffic");
    }
}
