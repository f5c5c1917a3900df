package dev.tally.coldstart;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.fixtures.MotoServer;
import dev.tally.keys.CachePolicy;
import dev.tally.keys.SecretsManagerClients;
import dev.tally.keys.SecretsManagerKeyRing;

/**
 * What the first request of a fresh JVM pays for its key, as {@code load-tests/first-key-fetch.sh} runs it:
 * building the client (SDK class loading included), the first fetch through {@link SecretsManagerKeyRing},
 * and a second, warm call for comparison; from a local Secrets Manager ({@code moto_server}) on loopback.
 * Each sample is a new JVM, as each Lambda cold start is, on {@code classpath} (the function's runtime class
 * path and this class) with the flag the Lambda Java runtimes set.
 *
 * <p>Usage: {@code FirstKeyFetch <samples> <classpath>}
 */
public final class FirstKeyFetch {
    private static final String SECRET = "tally/signing-key";

    private FirstKeyFetch() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("once")) {
            once(URI.create(args[1]));
            return;
        }
        int samples = Integer.parseInt(args[0]);
        List<double[]> rows = new ArrayList<>();
        try (MotoServer moto = MotoServer.start()) {
            moto.createSigningKeySecret(SECRET, "first-fetch-benchmark-key-0123456789abcdef");
            System.out.println("build_ms,first_fetch_ms,warm_call_ms");
            for (int i = 0; i < samples; i++) {
                String line = child(args[1], moto.endpoint());
                System.out.println(line);
                rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        System.out.printf(Locale.ROOT, "%n%d samples, ms: p50 / p90 / p99%n", samples);
        String[] names = {"client build", "first fetch", "warm call"};
        for (int column = 0; column < names.length; column++) {
            int c = column;
            System.out.printf(Locale.ROOT, "%-13s %s%n", names[c], Percentiles.p50p90p99(rows.stream().mapToDouble(r -> r[c]).toArray()));
        }
    }

    /** One sample in this JVM: prints {@code build_ms,first_fetch_ms,warm_call_ms}. */
    private static void once(URI endpoint) throws Exception {
        long start = System.nanoTime();
        SecretsManagerClient client = SecretsManagerClients.fromEnvironment(Optional.of(endpoint));
        long built = System.nanoTime();
        new SecretsManagerKeyRing(() -> client, SECRET, Clock.systemUTC(), CachePolicy.DEFAULT).current();
        long fetched = System.nanoTime();
        client.getSecretValue(r -> r.secretId(SECRET).versionStage("AWSCURRENT"));
        long warm = System.nanoTime();
        System.out.printf(Locale.ROOT, "%.1f,%.1f,%.1f%n", (built - start) / 1e6, (fetched - built) / 1e6, (warm - fetched) / 1e6);
        client.close();
    }

    private static String child(String classpath, URI endpoint) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, FirstKeyFetch.class.getName(), "once", endpoint.toString());
        builder.environment().put("AWS_REGION", MotoServer.REGION.id());
        builder.environment().put("AWS_ACCESS_KEY_ID", "test");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the sample JVM failed: " + output);
        }
        return output.lines().reduce((first, last) -> last).orElseThrow();
    }
}
