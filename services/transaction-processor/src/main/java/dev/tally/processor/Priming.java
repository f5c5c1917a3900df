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

import dev.tally.keys.KeySource;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.TransactionProcessor;

/**
 * Runs the whole request path where no request waits for it, so that requests meet its classes loaded and
 * initialised: the event is parsed, the batch read, summed, digested, signed and verified, both response
 * shapes written and a request refused, and the key source readied ({@link KeySource#prepare()}: the
 * Secrets Manager client built, the SDK's request path and TLS rehearsed without a network call).
 *
 * <p>It runs in every init. On demand, init has a full vCPU where the request that waits for it then runs at
 * the function's share of one, so what init does costs the first request a fraction of the time: a few rounds
 * load and initialise the path, which is what a first request would otherwise pay for. Where
 * no request waits at all, before SnapStart takes its snapshot and where Lambda initialises ahead of traffic
 * (Managed Instances, provisioned concurrency), a thousand rounds compile it as well
 * ({@link TallyConfig.PrimingConfig}).
 *
 * <p>It signs with a throwaway key through its own processor, so no real key is fetched in init, and none is
 * in a snapshot. Its requests are neither logged nor counted in the function's metrics.
 */
@ApplicationScoped
public class Priming implements Resource {
    private static final SigningKey THROWAWAY =
            new SigningKey("priming-key-signs-nothing-real-0123456789".getBytes(StandardCharsets.US_ASCII), "priming");
    private static final byte[] BATCH = batch(50);
    /** The key version in a direct answer, or in the escaped body of an HTTP API answer. */
    private static final Pattern SIGNED_BY_THROWAWAY = Pattern.compile("keyVersion\\\\?\":\\\\?\"priming");

    private final KeySource keys;
    private final TallyConfig.PrimingConfig priming;

    Priming(KeySource keys, TallyConfig config) {
        this.keys = keys;
        this.priming = config.priming();
    }

    void onStart(@Observes StartupEvent startup) throws IOException {
        Core.getGlobalContext().register(this);
        Initialization initialization = Initialization.current();
        if (initialization != Initialization.SNAP_START) {
            primeAndPrepare(initialization.aheadOfTraffic() ? priming.aheadOfTrafficRounds() : priming.onDemandRounds());
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws IOException {
        primeAndPrepare(priming.aheadOfTrafficRounds());
    }

    private void primeAndPrepare(int rounds) throws IOException {
        prime(rounds);
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
        KeySource keys = KeySource.builtIn(THROWAWAY);
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
