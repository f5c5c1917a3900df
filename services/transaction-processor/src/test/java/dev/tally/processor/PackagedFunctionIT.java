package dev.tally.processor;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import dev.tally.fixtures.TestVectors;
import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.restassured.RestAssured;

/**
 * Every event of the contract against the deployable package, as Lambda runs it: its own process, the
 * prod profile, the signing key fetched from a real Secrets Manager API (moto_server, holding the
 * vectors' key), and every event through a Lambda runtime API (Quarkus' mock event server).
 */
class PackagedFunctionIT extends ProcessTransactionsContract {
    private static final String SECRET = "tally/signing-key";

    private static MotoServer moto;
    private static MockEventServer runtimeApi;
    private static PackagedFunction function;
    private static String keyVersion;
    private static Path log;
    private static Path packageDirectory;

    @BeforeAll
    static void startFunction() throws Exception {
        moto = MotoServer.start();
        moto.createSigningKeySecret(SECRET, TestVectors.signingKeyText());
        try (SecretsManagerClient admin = moto.client()) {
            keyVersion = admin.getSecretValue(r -> r.secretId(SECRET).versionStage("AWSCURRENT")).versionId();
        }
        runtimeApi = new MockEventServer();
        runtimeApi.start(RuntimeApiClient.freePort());

        Path target = Path.of("target");
        log = target.resolve("packaged-function.log");
        packageDirectory = PackagedFunction.packageDirectory(target);
        function = PackagedFunction.start(packageDirectory, PackagedFunction.environment(
                "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH, moto, SECRET), log);
        RestAssured.port = runtimeApi.getPort();
        assertTrue(function.isAlive(), () -> PackagedFunction.read(log));
    }

    @AfterAll
    static void stopFunction() throws Exception {
        RestAssured.reset();
        if (function != null) {
            function.close();
        }
        if (runtimeApi != null) {
            runtimeApi.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    String expectedKeyVersion() {
        return keyVersion;
    }

    @Test
    void startsWithItsAotCacheWhenThePackageHasOne() {
        assumeTrue(Files.exists(packageDirectory.resolve("tally.aot")), "a package without an AOT cache");

        String output = PackagedFunction.read(log);

        assertFalse(output.contains("[aot]"), () -> "the JVM refused or complained about the AOT cache:\n" + output);
    }

    @Test
    void logsOneJsonLineAndOneMetricsDocumentPerRequestAndNeverTheKey() throws Exception {
        String batch = TestVectors.valid().getFirst().request();
        given().contentType("application/json").body(batch).when().post().then().statusCode(200);
        given().contentType("application/json").body("{\"transactions\":{}}").when().post().then().statusCode(200);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : PackagedFunction.read(log).lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(TestVectors.JSON.readTree(line));
        }
        List<JsonNode> requests = lines.stream().filter(l -> "dev.tally.requests".equals(l.path("loggerName").asText())).toList();
        List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();

        assertEquals(requests.size(), metrics.size(), "a log line and a metrics document for each request");
        JsonNode answered = requests.stream().filter(l -> l.at("/mdc/outcome").asText().equals("ok")).findFirst().orElseThrow();
        assertEquals("INFO", answered.get("level").asText());
        assertTrue(answered.at("/mdc/requestId").asText().length() > 8, answered::toString);
        assertTrue(answered.at("/mdc/durationMs").isTextual() || answered.at("/mdc/durationMs").isNumber(), answered::toString);
        assertTrue(requests.stream().anyMatch(l -> l.at("/mdc/outcome").asText().equals("invalid_request")));
        assertEquals(1, metrics.stream().filter(m -> m.path("ColdStart").asInt() == 1).count(), "one cold start");
        long keyFetches = metrics.stream().mapToLong(m -> m.path("SigningKeyFetches").asLong()).sum();
        assertTrue(keyFetches >= 1 && keyFetches <= 3, () -> keyFetches + " key fetches (the current key, and versions"
                + " named by verify requests) for " + metrics.size() + " requests");
        assertEquals("Tally", metrics.getFirst().at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertTrue(metrics.stream().anyMatch(m -> m.path("Error").asText().equals("invalid_request") && m.path("Refusals").asInt() == 1));
        String everything = PackagedFunction.read(log);
        assertFalse(everything.contains(TestVectors.signingKeyText()), "the signing key reached the log");
        assertFalse(everything.contains(Base64.getEncoder().encodeToString(TestVectors.signingKeyText().getBytes(UTF_8))));
    }

}
