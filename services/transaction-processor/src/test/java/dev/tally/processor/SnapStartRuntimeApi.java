package dev.tally.processor;

import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * Quarkus' mock Lambda runtime API with the one call SnapStart adds: a runtime started with
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start} runs its before-checkpoint hooks after init, then
 * waits on {@code GET /runtime/restore/next}, which returns once the environment is restored; the AWS
 * runtime interface client runs the after-restore hooks and then polls for invocations.
 */
final class SnapStartRuntimeApi extends MockEventServer {
    static final String RESTORE_NEXT = BASE_PATH + "/2018-06-01/runtime/restore/next";

    private final AtomicInteger restores = new AtomicInteger();

    @Override
    public void setupRoutes() {
        router.get(RESTORE_NEXT).handler(context -> {
            restores.incrementAndGet();
            context.response().setStatusCode(200).end();
        });
        super.setupRoutes();
    }

    /** How many times the runtime asked to be restored. */
    int restores() {
        return restores.get();
    }
}
