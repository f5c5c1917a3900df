package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

/**
 * The packaged function fetching its signing key from a real Secrets Manager API (moto_server) with the
 * credentials as Lambda hands them in each mode: the access-key variables on demand, and under SnapStart
 * only the container credentials endpoint and its token (Lambda's "Using SnapStart with AWS SDKs").
 */
class PackagedFunctionCredentialsIT {
    private static final String SECRET = "tally/signing-key";
    private static final String TOKEN = "snapstart-authorization-token";

    private static MotoServer moto;
    private static String keyVersion;
    private static Path packageDirectory;

    @BeforeAll
    static void startSecretsManager() throws Exception {
        moto = MotoServer.start();
        moto.createSigningKeySecret(SECRET, TestVectors.signingKeyText());
        try (SecretsManagerClient admin = moto.client()) {
            keyVersion = admin.getSecretValue(r -> r.secretId(SECRET).versionStage("AWSCURRENT")).versionId();
        }
        packageDirectory = PackagedFunction.packageDirectory(Path.of("target"));
    }

    @AfterAll
    static void stopSecretsManager() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void signsWithTheContainerCredentialsOfSnapStart() throws Exception {
        assumeSnapStartApplies();
        try (CredentialsEndpoint credentials = CredentialsEndpoint.start(TOKEN, Duration.ofHours(1))) {
            Run run = run(snapStartEnvironment(credentials, "5m"), "snapstart", 1);
            JsonNode answer = run.answers().getFirst();

            assertEquals(1, run.restores(), "the runtime went through SnapStart's restore");
            assertEquals("success", answer.path("status").asText(), answer::toString);
            assertEquals(keyVersion, answer.path("keyVersion").asText());
            assertEquals(1, credentials.served());
            assertEquals(0, credentials.refused(), "every request carried the authorization token");
        }
    }

    /**
     * What a restore sees: credentials that expired while the environment was a snapshot are not reused.
     * The SDK refetches credentials this close to their expiration before it signs a call.
     */
    @Test
    void refetchesContainerCredentialsCloseToTheirExpiration() throws Exception {
        assumeSnapStartApplies();
        try (CredentialsEndpoint credentials = CredentialsEndpoint.start(TOKEN, Duration.ofSeconds(20))) {
            JsonNode second = run(snapStartEnvironment(credentials, "1s"), "snapstart-expiring", 2).answers().getLast();

            assertEquals("success", second.path("status").asText(), second::toString);
            assertEquals(2, credentials.served(), "one set of credentials for each GetSecretValue: two refreshes of"
                    + " AWSCURRENT");
        }
    }

    @Test
    void signsWithTheAccessKeyVariablesOnDemandAndProbesNothingElse() throws Exception {
        try (CredentialsEndpoint credentials = CredentialsEndpoint.start(TOKEN, Duration.ofHours(1))) {
            Map<String, String> environment = onDemandEnvironment();
            environment.put("AWS_SESSION_TOKEN", "on-demand-session");

            JsonNode answer = run(environment, "on-demand", 1).answers().getFirst();

            assertEquals("success", answer.path("status").asText(), answer::toString);
            assertEquals(keyVersion, answer.path("keyVersion").asText());
            assertEquals(0, credentials.served() + credentials.refused());
        }
    }

    @Test
    void answers503WithoutCredentials() throws Exception {
        Map<String, String> environment = onDemandEnvironment();
        environment.remove("AWS_ACCESS_KEY_ID");
        environment.remove("AWS_SECRET_ACCESS_KEY");
        environment.remove("AWS_SESSION_TOKEN");

        JsonNode answer = run(environment, "no-credentials", 1).answers().getFirst();

        assertEquals("signing_key_unavailable", answer.path("error").asText(), answer::toString);
    }

    private static void assumeSnapStartApplies() {
        assumeFalse(PackagedFunction.runsOnOsOnlyRuntime(packageDirectory), "SnapStart restores only the managed Java "
                + "runtimes: this package has its own bootstrap and runs on provided.al2023, where no restore happens");
    }

    private static Map<String, String> onDemandEnvironment() {
        return new HashMap<>(PackagedFunction.environment("unused", moto, SECRET));
    }

    /** What the java25 runtime gives a SnapStart function: no access-key variables, the container endpoint. */
    private static Map<String, String> snapStartEnvironment(CredentialsEndpoint credentials, String keyTtl) {
        Map<String, String> environment = onDemandEnvironment();
        environment.remove("AWS_ACCESS_KEY_ID");
        environment.remove("AWS_SECRET_ACCESS_KEY");
        environment.remove("AWS_SESSION_TOKEN");
        environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", credentials.uri());
        environment.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", TOKEN);
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        environment.put("TALLY_SIGNING_KEY_TTL", keyTtl);
        return environment;
    }

    /** The answers of one environment of the package, and whether it went through a restore. */
    private record Run(List<JsonNode> answers, int restores) {
    }

    /** Starts the package with {@code environment} and signs the first vector {@code times} times, 1.1 s apart. */
    private static Run run(Map<String, String> environment, String name, int times) throws Exception {
        List<JsonNode> answers = new ArrayList<>();
        Path log = Path.of("target", "packaged-function-" + name + ".log");
        try (SnapStartRuntimeApi runtimeApi = new SnapStartRuntimeApi()) {
            runtimeApi.start(RuntimeApiClient.freePort());
            environment.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH);
            try (PackagedFunction function = PackagedFunction.start(packageDirectory, environment, log)) {
                RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                byte[] batch = TestVectors.valid().getFirst().request().getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < times; i++) {
                    if (i > 0) {
                        Thread.sleep(1100);
                    }
                    answers.add(TestVectors.JSON.readTree(client.invoke(batch)));
                }
                assertTrue(function.isAlive(), () -> PackagedFunction.read(log));
            }
            return new Run(answers, runtimeApi.restores());
        }
    }
}
