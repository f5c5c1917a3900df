package dev.tally.processor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

import io.quarkus.runtime.StartupEvent;

import dev.tally.transactions.SigningKey;
import dev.tally.keys.SigningKeySource;
import dev.tally.transactions.TransactionProcessor;

/**
 * Runs the whole request path where no request waits for it, so that requests meet its classes loaded and
 * initialised and its methods compiled: the event is parsed, the batch read, summed, digested, signed and
 * verified, and both response shapes written, a few hundred times. It runs before SnapStart takes its
 * snapshot, and during init where Lambda initialises the environment ahead of traffic (Managed Instances,
 * provisioned concurrency); not on demand, where the first request would wait for it.
 *
 * <p>It signs with a throwaway key through its own processor, so no real key is fetched before the
 * snapshot, and none is in it. Of the function's key source it asks only {@link SigningKeySource#prepare()}:
 * the Secrets Manager client is built then, and a restored environment's first request only fetches.
 * Its requests are neither logged nor counted in the function's metrics.
 */
@ApplicationScoped
public class Priming implements Resource {
    static final int ROUNDS = 500;

    private static final SigningKey THROWAWAY =
            new SigningKey("snapstart-priming-key-signs-nothing-real".getBytes(StandardCharsets.US_ASCII), "priming");
    private static final byte[] BATCH = batch(50);
    /** The key version in a direct answer, or in the escaped body of an HTTP API answer. */
    private static final Pattern SIGNED_BY_THROWAWAY = Pattern.compile("keyVersion\\\\?\":\\\\?\"priming");

    private final SigningKeySource keys;

    Priming(SigningKeySource keys) {
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent startup) throws IOException {
        Core.getGlobalContext().register(this);
        if (Initialization.current().aheadOfTraffic()) {
            primeAndPrepare();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        primeAndPrepare();
    }

    private void primeAndPrepare() throws IOException {
        prime(ROUNDS);
        keys.prepare();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
    }

    /**
     * Runs {@code rounds} requests of each kind (a direct batch, an HTTP API batch, a refused batch)
     * through a handler that signs with the throwaway key; returns how many answers it signed.
     */
    static int prime(int rounds) throws IOException {
        SigningKeySource keys = SigningKeySource.builtIn(THROWAWAY);
        ProcessTransactionsHandler handler = new ProcessTransactionsHandler(
                new TransactionProcessor(keys, Clock.systemUTC()), RequestTelemetry.discarding(keys));
        byte[] process = httpApiEvent("/transactions", BATCH);
        byte[] invalid = httpApiEvent("/transactions", "{\"transactions\":[{\"id\":1}]}".getBytes(StandardCharsets.UTF_8));
        int signed = 0;
        for (int i = 0; i < rounds; i++) {
            signed += invoke(handler, BATCH) + invoke(handler, process) + invoke(handler, invalid);
        }
        return signed;
    }

    private static int invoke(ProcessTransactionsHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        handler.handle(new ByteArrayInputStream(event), answer, "priming");
        return SIGNED_BY_THROWAWAY.matcher(answer.toString(StandardCharsets.UTF_8)).find() ? 1 : 0;
    }

    private static byte[] batch(int size) {
        StringBuilder json = new StringBuilder("{\"requestId\":\"priming\",\"transactions\":[");
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"tx-").append(i).append("\",\"amount\":")
                    .append(i * 7 % 1000).append('.').append(i % 100).append(",\"type\":\"")
                    .append(i % 3 == 0 ? "DEBIT" : "CREDIT").append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] httpApiEvent(String path, byte[] body) {
        String escaped = new String(body, StandardCharsets.UTF_8).replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"version\":\"2.0\",\"routeKey\":\"POST " + path + "\",\"rawPath\":\"" + path + "\","
                + "\"headers\":{\"content-type\":\"application/json\"},"
                + "\"requestContext\":{\"http\":{\"method\":\"POST\",\"path\":\"" + path + "\"}},"
                + "\"body\":\"" + escaped + "\",\"isBase64Encoded\":false}").getBytes(StandardCharsets.UTF_8);
    }
}
