package dev.tally.gatling;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import io.gatling.http.client.Request;

/**
 * Signs each request for API Gateway ({@code execute-api}) with AWS's SigV4 signer and the caller's
 * credentials from the SDK's default chain, as a stack with IAM authorization on its routes requires.
 * The region is the endpoint's ({@code https://ID.execute-api.REGION.amazonaws.com}), or for any other
 * host (a custom domain name) the SDK's region chain's ({@code AWS_REGION}, the profile).
 */
final class SigV4 implements Function<Request, Request> {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private final String region;

    SigV4(URI endpoint) {
        String[] labels = endpoint.getHost().split("\\.");
        this.region = labels.length >= 4 && labels[1].equals("execute-api")
                ? labels[2] : DefaultAwsRegionProviderChain.builder().build().getRegion().id();
    }

    @Override
    public Request apply(Request request) {
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.getMethod().name()))
                .uri(uri(request));
        request.getHeaders().forEach(header -> unsigned.appendHeader(header.getKey(), header.getValue()));
        sign(unsigned.build(), request.getBody() == null ? new byte[0] : request.getBody().getBytes())
                .forEachHeader((name, values) -> request.getHeaders().set(name, values));
        return request;
    }

    /** {@code request} with {@code body}, signed. */
    SdkHttpRequest sign(SdkHttpRequest request, byte[] body) {
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        return signed.request();
    }

    private static URI uri(Request request) {
        try {
            return request.getUri().toJavaNetURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
