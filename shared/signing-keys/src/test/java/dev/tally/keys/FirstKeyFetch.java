package dev.tally.keys;

import java.net.URI;
import java.time.Clock;
import java.util.Optional;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One sample of what the first request of a fresh JVM pays for its key, as
 * {@code load-tests/first-key-fetch.sh} runs it: building the client (SDK class loading included), the
 * first {@code GetSecretValue} through {@link SecretsManagerSigningKeys}, and a second, warm call for
 * comparison. Prints {@code build_ms,first_fetch_ms,warm_call_ms}.
 *
 * <p>Usage: {@code FirstKeyFetch <endpoint> <secret-id>}, with AWS_REGION and credentials in the environment.
 */
public final class FirstKeyFetch {
    private FirstKeyFetch() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String secretId = args[1];

        long start = System.nanoTime();
        SecretsManagerClient client = SecretsManagerClients.fromEnvironment(Optional.of(endpoint));
        long built = System.nanoTime();
        new SecretsManagerSigningKeys(() -> client, secretId, Clock.systemUTC(), CachePolicy.DEFAULT).current();
        long fetched = System.nanoTime();
        client.getSecretValue(r -> r.secretId(secretId).versionStage("AWSCURRENT"));
        long warm = System.nanoTime();

        System.out.printf("%.1f,%.1f,%.1f%n", (built - start) / 1e6, (fetched - built) / 1e6, (warm - fetched) / 1e6);
        client.close();
    }
}
