package dev.tally.keys;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * A real Secrets Manager API on a free local port: {@code moto_server}, started for a test and stopped
 * after it. Stopping it mid-test is an outage; {@link #restart()} brings it back empty, as moto keeps
 * its state in memory.
 */
public final class MotoServer implements AutoCloseable {
    public static final String INSTALL_HINT = "moto_server is not installed: pip install \"moto[server]\" "
            + "(.ci/run installs it)";
    public static final Region REGION = Region.EU_WEST_1;

    private final int port;
    private Process process;

    private MotoServer(int port) {
        this.port = port;
    }

    public static MotoServer start() {
        MotoServer server = new MotoServer(freePort());
        server.launch();
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Whether the server is up: a test that stopped it leaves it stopped. */
    public boolean answersNow() {
        return process != null && process.isAlive() && answers();
    }

    /** An outage: the server is gone, connections are refused. */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** The server back on the same port, with no secrets. */
    public void restart() {
        stop();
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    /** A client aimed at this server through the real SDK, with any interceptors the test wants. */
    public SecretsManagerClient client(ExecutionInterceptor... interceptors) {
        return SecretsManagerClient.builder()
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .endpointOverride(endpoint())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** Creates a secret holding {@code {"signingKey": material}} and returns its ARN. */
    public String createSigningKeySecret(String name, String material) {
        try (SecretsManagerClient client = client()) {
            return client.createSecret(r -> r.name(name).secretString(SigningKeySecret.format(material))).arn();
        }
    }

    /**
     * What Secrets Manager does when a rotation of {@code secretId} starts, before it calls the rotation
     * function: rotation enabled, and a new version {@code token} labelled {@code AWSPENDING} that holds no
     * value yet. moto's RotateSecret does exactly that, then fails to invoke the rotation function, which it
     * cannot run here; the state is checked, so a moto that behaves otherwise fails the test here.
     */
    public void startRotation(String secretId, String token) {
        try (SecretsManagerClient client = client()) {
            try {
                client.rotateSecret(r -> r.secretId(secretId).clientRequestToken(token)
                        .rotationLambdaARN("arn:aws:lambda:" + REGION.id() + ":123456789012:function:tally-key-rotator")
                        .rotationRules(rules -> rules.automaticallyAfterDays(30L)));
            } catch (ResourceNotFoundException rotationFunctionNotRun) {
                // Expected: see above.
            }
            DescribeSecretResponse secret = client.describeSecret(r -> r.secretId(secretId));
            if (!Boolean.TRUE.equals(secret.rotationEnabled())
                    || !List.of("AWSPENDING").equals(secret.versionIdsToStages().get(token))) {
                throw new IllegalStateException("moto did not start a rotation of " + secretId + ": " + secret);
            }
        }
    }

    private void launch() {
        File log = new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log");
        try {
            process = new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL_HINT, e);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + "; see " + log);
            }
            if (answers()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within 30 s; see " + log);
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(1000);
            return connection.getResponseCode() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free local port", e);
        }
    }
}
