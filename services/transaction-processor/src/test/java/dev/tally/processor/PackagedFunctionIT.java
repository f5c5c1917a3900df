package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.keys.MotoServer;
import dev.tally.transactions.TestVectors;
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
        Path log = target.resolve("packaged-function.log");
        function = PackagedFunction.start(PackagedFunction.packageDirectory(target), PackagedFunction.environment(
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

}
