package dev.tally.rotator;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.MutableClock;
import dev.tally.fixtures.SecretsManagerTestResource;
import dev.tally.fixtures.TestVectors;
import dev.tally.keys.CachePolicy;
import dev.tally.keys.SecretsManagerKeyRing;
import dev.tally.transactions.Receipt;
import dev.tally.transactions.TransactionProcessor;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The rotation protocol end to end: the handler through the Lambda runtime API, a real Secrets Manager API. */
@QuarkusTest
@WithTestResource(SecretsManagerTestResource.class)
class RotateSigningKeyHandlerTest {
    private static final String[] STEPS = {"createSecret", "setSecret", "testSecret", "finishSecret"};
    private static final byte[] BATCH = TestVectors.valid().getFirst().request().getBytes(UTF_8);

    MotoServer moto;

    @Test
    void rotatesTheKeySoNewSignaturesUseTheNewVersionAndOldOnesStillVerify() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
        try (SecretsManagerClient client = moto.client()) {
            TransactionProcessor processor = new TransactionProcessor(
                    new SecretsManagerKeyRing(() -> client, SecretsManagerTestResource.SECRET_NAME, clock, CachePolicy.DEFAULT),
                    clock);
            Receipt before = processor.process(BATCH, 0, BATCH.length);
            String previous = before.keyVersion();
            String token = UUID.randomUUID().toString();
            moto.startRotation(SecretsManagerTestResource.SECRET_NAME, token);

            for (String step : STEPS) {
                invoke(step, token);
            }

            Map<String, List<String>> stages = stages(client);
            assertTrue(stages.get(token).contains("AWSCURRENT"), stages::toString);
            assertEquals(List.of("AWSPREVIOUS"), stages.get(previous));

            clock.advance(CachePolicy.DEFAULT.ttl());
            Receipt after = processor.process(BATCH, 0, BATCH.length);

            assertEquals(token, after.keyVersion());
            assertNotEquals(before.signature(), after.signature());
            assertTrue(verify(processor, before), "a signature made before the rotation still verifies");
            assertTrue(verify(processor, after));
        }
    }

    @Test
    void repeatsEveryStepWithoutHarm() throws Exception {
        try (SecretsManagerClient client = moto.client()) {
            String token = UUID.randomUUID().toString();
            moto.startRotation(SecretsManagerTestResource.SECRET_NAME, token);
            for (String step : STEPS) {
                invoke(step, token);
                invoke(step, token);
            }

            Map<String, List<String>> stages = stages(client);
            assertTrue(stages.get(token).contains("AWSCURRENT"), stages::toString);
            assertEquals(1, stages.values().stream().filter(s -> s.contains("AWSCURRENT")).count());
            assertEquals(1, stages.values().stream().filter(s -> s.contains("AWSPREVIOUS")).count());
        }
    }

    @Test
    void failsTheTestStepOnAMalformedPendingKey() throws Exception {
        try (SecretsManagerClient client = moto.client()) {
            String token = UUID.randomUUID().toString();
            moto.startRotation(SecretsManagerTestResource.SECRET_NAME, token);
            client.putSecretValue(r -> r.secretId(SecretsManagerTestResource.SECRET_NAME).clientRequestToken(token)
                    .secretString("{\"signingKey\":\"too-short\"}").versionStages("AWSPENDING"));

            invoke("createSecret", token);
            given().body(event("testSecret", token)).when().post().then().statusCode(500);

            assertTrue(stages(client).get(token).equals(List.of("AWSPENDING")), "never promoted");
        }
    }

    @Test
    void refusesATokenThatIsNotAVersionOfTheSecret() throws Exception {
        try (SecretsManagerClient client = moto.client()) {
            String started = UUID.randomUUID().toString();
            moto.startRotation(SecretsManagerTestResource.SECRET_NAME, started);
            String stranger = UUID.randomUUID().toString();

            for (String step : STEPS) {
                given().body(event(step, stranger)).when().post().then().statusCode(500);
            }

            assertFalse(stages(client).containsKey(stranger), "no version made for a token Secrets Manager did not issue");
        }
    }

    @Test
    void refusesToRotateASecretWhoseRotationIsNotEnabled() throws Exception {
        try (SecretsManagerClient client = moto.client()) {
            String secret = "not-rotating-" + UUID.randomUUID();
            moto.createSigningKeySecret(secret, TestVectors.signingKeyText());
            String token = UUID.randomUUID().toString();
            client.putSecretValue(r -> r.secretId(secret).clientRequestToken(token)
                    .secretString("{\"signingKey\":\"" + "p".repeat(64) + "\"}").versionStages("AWSPENDING"));

            given().body(event("finishSecret", token, secret)).when().post().then().statusCode(500);

            assertEquals(List.of("AWSPENDING"), client.describeSecret(r -> r.secretId(secret)).versionIdsToStages().get(token));
        }
    }

    private static boolean verify(TransactionProcessor processor, Receipt receipt) throws Exception {
        ObjectNode request = (ObjectNode) TestVectors.JSON.readTree(BATCH);
        request.put("signature", receipt.signature());
        request.put("keyVersion", receipt.keyVersion());
        request.put("processedAt", receipt.processedAt().toString());
        byte[] body = TestVectors.JSON.writeValueAsBytes(request);
        return processor.verify(body, 0, body.length).valid();
    }

    private static Map<String, List<String>> stages(SecretsManagerClient client) {
        return client.describeSecret(r -> r.secretId(SecretsManagerTestResource.SECRET_NAME)).versionIdsToStages();
    }

    private static void invoke(String step, String token) throws IOException {
        given().body(event(step, token)).when().post().then().statusCode(204);
    }

    private static String event(String step, String token) throws IOException {
        return event(step, token, SecretsManagerTestResource.SECRET_NAME);
    }

    /** The fixture as Secrets Manager sends it, aimed at this step, token and secret. */
    private static String event(String step, String token, String secretId) throws IOException {
        try (InputStream in = RotateSigningKeyHandlerTest.class.getResourceAsStream("/events/secretsmanager-rotation-create-secret.json")) {
            ObjectNode event = (ObjectNode) TestVectors.JSON.readTree(in);
            event.put("Step", step);
            event.put("SecretId", secretId);
            event.put("ClientRequestToken", token);
            return TestVectors.JSON.writeValueAsString(event);
        }
    }
}
