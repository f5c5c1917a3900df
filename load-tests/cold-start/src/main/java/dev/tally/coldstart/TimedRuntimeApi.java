package dev.tally.coldstart;

import io.quarkus.amazon.lambda.runtime.MockEventServer;
import io.vertx.ext.web.RoutingContext;

/**
 * A Lambda runtime API (Quarkus' mock event server) that notes when the function first asks for an
 * invocation, which is where Lambda ends the init phase, and when it first answers. It also sends the
 * invocation headers Lambda sends and the mock leaves out, and answers a posted response with
 * Lambda's 202 rather than the mock's 204: aws-lambda-go refuses an invocation with no deadline and
 * exits on any status but 202.
 */
final class TimedRuntimeApi extends MockEventServer {
    static final String FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:tally-local";
    private static final long TIMEOUT_MS = 10_000;

    private volatile long firstNextNanos;
    private volatile long firstResponseNanos;
    private volatile Runnable onInitEnd = () -> { };

    /** Runs {@code action} at the function's first request for an invocation, before it gets one: where init ends. */
    void onInitEnd(Runnable action) {
        onInitEnd = action;
    }

    @Override
    public void nextEvent(RoutingContext context) {
        if (firstNextNanos == 0) {
            firstNextNanos = System.nanoTime();
            onInitEnd.run();
        }
        context.response()
                .putHeader("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + TIMEOUT_MS))
                .putHeader("Lambda-Runtime-Invoked-Function-Arn", FUNCTION_ARN);
        super.nextEvent(context);
    }

    @Override
    public void handleResponse(RoutingContext context) {
        if (firstResponseNanos == 0) {
            firstResponseNanos = System.nanoTime();
        }
        context.addHeadersEndHandler(headers -> context.response().setStatusCode(202));
        super.handleResponse(context);
    }

    long firstNextNanos() {
        return firstNextNanos;
    }

    long firstResponseNanos() {
        return firstResponseNanos;
    }
}
