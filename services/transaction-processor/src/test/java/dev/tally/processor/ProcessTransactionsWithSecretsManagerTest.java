package dev.tally.processor;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.SecretsManagerTestResource;
import dev.tally.fixtures.TestVectors;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The function signing with a key from a real Secrets Manager API, through the Lambda runtime API.
 * One environment for the whole class, as in Lambda, so the tests run in order: a cold outage first.
 */
@QuarkusTest
@WithTestResource(SecretsManagerTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessTransactionsWithSecretsManagerTest {
    MotoServer moto;

    @Test
    @Order(1)
    void answers503WithRetryAfterWhenNoKeyCanBeHadThenRecovers() throws Exception {
        moto.stop();

        JsonNode refused = invoke();

        assertEquals(503, refused.get("statusCode").asInt());
        assertTrue(refused.get("headers").get("retry-after").asInt() >= 1);
        assertEquals("signing_key_unavailable", body(refused).get("error").asText());

        moto.restart();
        moto.createSigningKeySecret(SecretsManagerTestResource.SECRET_NAME, SecretsManagerTestResource.MATERIAL);
        Thread.sleep(Duration.parse("PT" + SecretsManagerTestResource.RETRY_BACKOFF).plusMillis(100));

        JsonNode recovered = invoke();

        assertEquals(200, recovered.get("statusCode").asInt());
        assertEquals(currentVersion(), body(recovered).get("keyVersion").asText());
    }

    @Test
    @Order(2)
    void keepsSigningWithTheCachedKeyWhenSecretsManagerGoesAway() throws Exception {
        String version = currentVersion();
        moto.stop();
        try {
            for (int i = 0; i < 1000; i++) {
                JsonNode answer = invoke();
                assertEquals(200, answer.get("statusCode").asInt());
                assertEquals(version, body(answer).get("keyVersion").asText());
            }
        } finally {
            moto.restart();
        }
    }

    private String currentVersion() {
        try (SecretsManagerClient admin = moto.client()) {
            return admin.getSecretValue(r -> r.secretId(SecretsManagerTestResource.SECRET_NAME).versionStage("AWSCURRENT"))
                    .versionId();
        }
    }

    private static JsonNode body(JsonNode response) throws IOException {
        return TestVectors.JSON.readTree(response.get("body").asText());
    }

    private static JsonNode invoke() throws IOException {
        ObjectNode event;
        try (InputStream in = ProcessTransactionsWithSecretsManagerTest.class
                .getResourceAsStream("/events/apigw-post-transactions.json")) {
            event = (ObjectNode) TestVectors.JSON.readTree(in);
        }
        String answer = given().body(TestVectors.JSON.writeValueAsString(event)).when().post()
                .then().statusCode(200).extract().asString();
        return TestVectors.JSON.readTree(answer);
    }
}
