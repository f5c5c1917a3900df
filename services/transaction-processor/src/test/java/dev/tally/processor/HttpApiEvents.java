package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.transactions.TestVectors;

/**
 * API Gateway HTTP API (payload format 2.0) events as AWS shapes them, from the fixtures in
 * the repository's {@code events/} (the README's samples): for the contract tests, the fuzz test, and the soak.
 */
public final class HttpApiEvents {
    private HttpApiEvents() {
    }

    /** {@code POST /transactions} carrying the seed batch, exactly as AWS shapes it. */
    public static ObjectNode postTransactions() {
        return fixture("apigw-post-transactions.json");
    }

    /** {@code POST /transactions/verify} carrying the seed batch with its signature and key version. */
    public static ObjectNode postVerify() {
        return fixture("apigw-post-transactions-verify.json");
    }

    /** A request for {@code method} and {@code path} carrying {@code body}, in that shape. */
    public static ObjectNode request(String method, String path, String body) {
        ObjectNode event = postTransactions();
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
        event.put("body", body);
        ((ObjectNode) event.get("headers")).put("content-length", Integer.toString(body.getBytes(UTF_8).length));
        return event;
    }

    /** The event as Lambda hands it to the function. */
    public static byte[] bytes(ObjectNode event) {
        try {
            return TestVectors.JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode fixture(String name) {
        try (InputStream in = HttpApiEvents.class.getResourceAsStream("/events/" + name)) {
            return (ObjectNode) TestVectors.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
