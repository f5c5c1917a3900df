package dev.tally.keys;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that sends nothing and answers every request with one GetSecretValue response of a throwaway
 * key, so that priming can take the SDK's whole request path (endpoint rules, marshalling, SigV4, response
 * parsing) and the key's parsing without a network call.
 */
final class AnswersFromMemory implements SdkHttpClient {
    private static final byte[] GET_SECRET_VALUE = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:priming\","
            + "\"Name\":\"priming\",\"SecretString\":\"{\\\"signingKey\\\":\\\"priming-key-signs-nothing-0123456789\\\"}\","
            + "\"VersionId\":\"00000000-0000-4000-8000-000000000000\",\"VersionStages\":[\"AWSCURRENT\"],"
            + "\"CreatedDate\":1.7E9}").getBytes(StandardCharsets.UTF_8);

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Type", "application/x-amz-json-1.1")
                                .putHeader("Content-Length", Integer.toString(GET_SECRET_VALUE.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(GET_SECRET_VALUE)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }
}
