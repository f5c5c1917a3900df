package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import dev.tally.fixtures.TestVectors;
import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * Every line the packaged function writes is one JSON object, through a Secrets Manager outage too: Lambda's
 * JSON log format passes such lines through, filters them by their level, and Logs Insights reads them.
 */
class PackagedFunctionLogIT {
    /** What the JVM itself prints before the function starts; a native executable prints none of it. */
    private static final List<String> JVM_LINES = List.of("Picked up JAVA_TOOL_OPTIONS:", "WARNING: ");

    @Test
    void writesOnlyJsonLinesThroughAnOutage() throws Exception {
        Path log = Path.of("target", "packaged-function-outage.log");
        try (MotoServer moto = MotoServer.start(); MockEventServer runtimeApi = new MockEventServer()) {
            moto.createSigningKeySecret("tally/signing-key", TestVectors.signingKeyText());
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH, moto, "tally/signing-key"));
            environment.put("TALLY_SIGNING_KEY_TTL", "1s");
            try (PackagedFunction function = PackagedFunction.start(PackagedFunction.packageDirectory(Path.of("target")),
                    environment, log)) {
                RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                byte[] batch = TestVectors.valid().getFirst().request().getBytes(StandardCharsets.UTF_8);
                assertEquals("success", status(client.invoke(batch)));
                moto.stop();
                Thread.sleep(1100);
                assertEquals("success", status(client.invoke(batch)), "the cached key serves through the outage");
                assertEquals("error", status(client.invoke("{\"transactions\":{}}".getBytes(StandardCharsets.UTF_8))));
            }
        }

        String output = PackagedFunction.read(log);
        assertTrue(output.contains("Serving signing key"), "the outage was logged:\n" + output);
        for (String line : output.lines().filter(l -> !l.isBlank() && JVM_LINES.stream().noneMatch(l::startsWith)).toList()) {
            JsonNode json = TestVectors.JSON.readTree(line);
            assertTrue(json.isObject() && json.hasNonNull("level"), () -> "not a JSON log line with a level: " + line);
        }
    }

    private static String status(String answer) throws Exception {
        return TestVectors.JSON.readTree(answer).path("status").asText();
    }
}
