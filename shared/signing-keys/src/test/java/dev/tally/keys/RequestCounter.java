package dev.tally.keys;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Counts the API calls a client makes, by operation ({@code GetSecretValue}), and GetSecretValue by the stage it
 * names as well ({@code GetSecretValue AWSPREVIOUS}), through the SDK's own interceptor chain.
 */
public final class RequestCounter implements ExecutionInterceptor {
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();


    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        if (context.request() instanceof GetSecretValueRequest get && get.versionStage() != null) {
            calls.computeIfAbsent(operation + " " + get.versionStage(), o -> new AtomicInteger()).incrementAndGet();
        }
    }

    public int count(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    public void reset() {
        calls.clear();
    }
}
