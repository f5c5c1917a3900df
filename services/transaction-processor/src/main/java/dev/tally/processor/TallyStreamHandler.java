package dev.tally.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;

import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.runtime.Quarkus;

/**
 * The JVM variants' Lambda handler: Quarkus' stream handler, with Quarkus started once and completely before
 * any request is handled, however many threads call it at once.
 *
 * <p>Quarkus' handler starts Quarkus on the first request, and its start flags itself as under way before it
 * has finished, so with {@code AWS_LAMBDA_MAX_CONCURRENCY} handler threads (Lambda Managed Instances) a
 * request arriving meanwhile would be handled by a half-started application. Here every thread waits for one
 * start. Where Lambda initialises the environment ahead of traffic (Managed Instances, provisioned
 * concurrency), Quarkus starts during init instead, and {@link Priming} runs then too: no request pays for
 * either.
 */
public class TallyStreamHandler extends QuarkusStreamHandler {
    private static final Object START = new Object();
    private static volatile boolean started;

    public TallyStreamHandler() {
        if (Initialization.current().aheadOfTraffic()) {
            start();
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (!started) {
            start();
        }
        super.handleRequest(input, output, context);
    }

    private static void start() {
        synchronized (START) {
            if (!started) {
                Quarkus.manualStart();
                started = true;
            }
        }
    }
}
