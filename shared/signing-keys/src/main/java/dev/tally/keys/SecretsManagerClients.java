package dev.tally.keys;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.HttpsURLConnection;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Secrets Manager client of a Lambda function, with everything the SDK would otherwise discover
 * at its first call spelled out: the region from {@code AWS_REGION}, credentials where Lambda puts them
 * ({@link #lambdaCredentials()}), and the JDK's HTTP client. Each lookup skipped is cold-start time saved.
 */
public final class SecretsManagerClients {
    private SecretsManagerClients() {
    }

    /**
     * The region Lambda names in {@code AWS_REGION}; a missing one is a configuration error. A plain
     * string, so that checking it at init loads none of the SDK.
     */
    public static String regionFromEnvironment() {
        String region = System.getenv(LambdaEnvironment.REGION);
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("AWS_REGION is not set; Lambda sets it, and a local run must too");
        }
        return region;
    }

    /** @param endpoint an endpoint override for a local Secrets Manager (moto_server), else empty */
    public static SecretsManagerClient fromEnvironment(Optional<URI> endpoint) {
        var builder = SecretsManagerClient.builder()
                .region(Region.of(regionFromEnvironment()))
                .credentialsProvider(lambdaCredentials())
                // A request waits on this call: an unreachable endpoint must fail fast into the
                // stale-key or 503 path, not hold the invocation until the Lambda timeout.
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(1))
                        .socketTimeout(Duration.ofSeconds(2)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * A client of {@code region} that sends nothing: it signs with throwaway credentials (resolving none of
     * the function's, but a session's, as Lambda's are) and every call is answered from memory with a throwaway
     * key ({@link AnswersFromMemory}). What it runs is what a real call runs, but the network.
     */
    static SecretsManagerClient answeringFromMemory(Region region) {
        return SecretsManagerClient.builder()
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create("priming", "priming", "priming")))
                .httpClient(new AnswersFromMemory())
                .build();
    }

    /**
     * Readies the JDK's TLS as the first HTTPS call finds it, and no more: the default context with its trust
     * store (the package's AWS roots) and the socket factory the JDK's HTTP client takes from it. A handshake's
     * first message is not rehearsed: its key shares are new for every handshake, so generating them in init
     * would cost init CPU and save the first call nothing (docs/benchmarks-history-2026-12.md).
     */
    static void primeTls() {
        HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    /**
     * The two places Lambda hands a function its execution role's credentials, and only those: the
     * {@code AWS_ACCESS_KEY_ID} variables (managed runtimes, {@code provided.al2023}), or, under SnapStart,
     * the container credentials endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, called with
     * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}). The SDK's default chain would also read profile files and
     * probe the instance metadata service, which Lambda does not have.
     *
     * <p>A client built before a SnapStart snapshot resolves nothing until its first call, after the restore;
     * the container provider keeps what it fetched until shortly before its {@code Expiration} and then
     * fetches again, so a restored environment never signs with credentials that expired in the snapshot.
     */
    static AwsCredentialsProvider lambdaCredentials() {
        return AwsCredentialsProviderChain.of(EnvironmentVariableCredentialsProvider.create(),
                ContainerCredentialsProvider.builder().build());
    }
}
