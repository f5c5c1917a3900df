package dev.tally.keys;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** Fails every GetSecretValue of one staging label in the client, as a throttled or denied call would. */
final class FailingStage implements ExecutionInterceptor {
    private final String stage;

    FailingStage(String stage) {
        this.stage = stage;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetSecretValueRequest request && stage.equals(request.versionStage())) {
            throw SdkClientException.create("GetSecretValue of " + stage + " failed (injected by the test)");
        }
    }
}
