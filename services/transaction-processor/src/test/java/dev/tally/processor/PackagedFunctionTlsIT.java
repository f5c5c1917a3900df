package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import dev.tally.fixtures.TestVectors;
import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * The packaged function calling the real Secrets Manager endpoint over HTTPS with made-up credentials: AWS
 * answers with an authentication error, which proves TLS works in the package (for a native executable:
 * the https protocol, the security providers and the trust store are in the image). Needs the internet, so
 * it runs only with {@code -Dtally.tls.smoke=true} (the native-arm64 workflow does); {@code .ci/run} cannot.
 */
class PackagedFunctionTlsIT {

    @Test
    void reachesTheRealSecretsManagerOverTls() throws Exception {
        assumeTrue(Boolean.getBoolean("tally.tls.smoke"), "needs the internet: -Dtally.tls.smoke=true");
        Path log = Path.of("target", "packaged-function-tls.log");
        try (MockEventServer runtimeApi = new MockEventServer()) {
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = Map.of(
                    "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH,
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256",
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                    "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "TALLY_SIGNING_KEY_SECRET_ID", "tally/tls-smoke-test");
            try (PackagedFunction function = PackagedFunction.start(PackagedFunction.packageDirectory(Path.of("target")),
                    environment, log)) {
                String answer = new RuntimeApiClient(runtimeApi.getPort())
                        .invoke(TestVectors.valid().getFirst().request().getBytes(StandardCharsets.UTF_8));
                assertEquals("signing_key_unavailable", TestVectors.JSON.readTree(answer).path("error").asText(), answer);
            }
        }
        String output = PackagedFunction.read(log);
        assertTrue(output.contains("security token") || output.contains("UnrecognizedClient") || output.contains("Status Code: 400"),
                () -> "AWS did not answer with an authentication error:\n" + output);
        for (String tlsFailure : new String[] {"SSL", "ssl", "UnsupportedFeature", "unknown protocol", "certificate"}) {
            assertFalse(output.contains(tlsFailure), () -> "a TLS failure (" + tlsFailure + "):\n" + output);
        }
    }
}
