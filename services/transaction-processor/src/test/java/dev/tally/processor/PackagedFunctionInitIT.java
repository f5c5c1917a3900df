package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import dev.tally.fixtures.TestVectors;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.ext.web.RoutingContext;

/**
 * What the packaged function does in init, whatever the kind of environment: it starts Quarkus and primes the
 * request path (the Secrets Manager client, the SDK's request path and TLS rehearsed from memory), yet sends
 * Secrets Manager nothing, and logs and counts nothing: the key stays lazy, fetched by the first request.
 */
class PackagedFunctionInitIT {
    private static final String SECRET = "tally/signing-key";
    /**
     * Classes of the request path that only a request, or priming, loads: the HTTP API response, the SDK's
     * GetSecretValue response and SigV4 signer, and the JDK's TLS socket factory. A JVM package logs what it loads
     * (-Xlog:class+load); a native executable loads nothing at run time and is not asked. Nor does the first request
     * generate the method handles of the runtime interface client's reflective call of the handler (logged with the
     * stack that caused them, -XX:LogClassLoadingCauseFor).
     */
    private static final List<String> PRIMED = List.of("dev.tally.processor.HttpApiResponse",
            "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse",
            "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultAwsV4HttpSigner", "sun.security.ssl.SSLSocketFactoryImpl");

    @ParameterizedTest
    @ValueSource(strings = {"on-demand", "provisioned-concurrency"})
    void initCallsNothingLogsNothingAndTheFirstRequestFetchesTheKey(String initializationType) throws Exception {
        Path log = Path.of("target", "packaged-function-init-" + initializationType + ".log");
        AtomicInteger secretsManagerCalls = new AtomicInteger();
        HttpServer secretsManager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        secretsManager.createContext("/", exchange -> {
            secretsManagerCalls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        secretsManager.start();
        try (MotoServer moto = MotoServer.start(); InitEndingRuntimeApi runtimeApi = new InitEndingRuntimeApi()) {
            moto.createSigningKeySecret(SECRET, TestVectors.signingKeyText());
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH, moto, SECRET));
            environment.put("TALLY_SIGNING_KEY_ENDPOINT", "http://127.0.0.1:" + secretsManager.getAddress().getPort());
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
            Path classes = Path.of("target", "packaged-function-init-" + initializationType + ".classes").toAbsolutePath();
            Files.deleteIfExists(classes);
            Path causes = Path.of("target", "packaged-function-init-" + initializationType + ".causes").toAbsolutePath();
            Files.deleteIfExists(causes);
            environment.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes
                    + " -XX:LogClassLoadingCauseFor=java.lang.invoke.LambdaForm$MH -Xlog:class+load+cause=info:file=" + causes);
            try (PackagedFunction function = PackagedFunction.start(PackagedFunction.packageDirectory(Path.of("target")),
                    environment, log)) {
                assertTrue(runtimeApi.initEnded.await(60, TimeUnit.SECONDS), () -> "init did not end:\n" + PackagedFunction.read(log));
                String initOutput = PackagedFunction.read(log);
                assertTrue(initOutput.contains("started in"), () -> "Quarkus started in init, not in the first request:\n" + initOutput);
                boolean jvm = Files.exists(classes);
                String causedInInit = jvm ? Files.readString(causes) : "";
                if (jvm) {
                    String loadedInInit = Files.readString(classes);
                    for (String primed : PRIMED) {
                        assertTrue(loadedInInit.contains(primed + " "), primed + " was loaded in init");
                    }
                }
                assertEquals(0, secretsManagerCalls.get(), "init sends Secrets Manager nothing");
                assertTrue(initOutput.lines().noneMatch(l -> l.contains("dev.tally.requests") || l.contains("\"_aws\"")),
                        () -> "init logs no request and no metrics:\n" + initOutput);

                byte[] batch = TestVectors.valid().getFirst().request().getBytes(StandardCharsets.UTF_8);
                JsonNode refused = TestVectors.JSON.readTree(new RuntimeApiClient(runtimeApi.getPort()).invoke(batch));
                assertEquals("signing_key_unavailable", refused.path("error").asText(), refused::toString);
                assertTrue(secretsManagerCalls.get() > 0, "the first request asks for the key (the SDK retries the 500s)");
                if (jvm) {
                    String causedByTheRequest = Files.readString(causes).substring(causedInInit.length());
                    assertFalse(causedByTheRequest.contains("Method.acquireMethodAccessor"), () -> "the runtime interface"
                            + " client's reflective call of the handler finds its method handles made in init:\n" + causedByTheRequest);
                }
            }
        } finally {
            secretsManager.stop(0);
        }
        List<JsonNode> metrics = PackagedFunction.read(log).lines().filter(l -> l.contains("\"_aws\""))
                .map(PackagedFunctionInitIT::json).toList();
        assertEquals(1, metrics.size(), "one metrics document, the request's");
        assertEquals(1, metrics.getFirst().path("SigningKeyFetches").asLong(), "priming's rehearsal counts no fetch");
    }

    private static JsonNode json(String line) {
        try {
            return TestVectors.JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(line, e);
        }
    }

    /** Quarkus' mock runtime API, which says when the function first asks for an invocation: the end of its init. */
    static final class InitEndingRuntimeApi extends MockEventServer {
        final CountDownLatch initEnded = new CountDownLatch(1);

        @Override
        public void nextEvent(RoutingContext context) {
            initEnded.countDown();
            super.nextEvent(context);
        }
    }
}
