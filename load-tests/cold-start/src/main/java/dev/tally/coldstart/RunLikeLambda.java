package dev.tally.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;

/**
 * The packaged function as Lambda runs it, on this machine: its own process in the prod profile, its
 * signing key in a local Secrets Manager (moto_server, a fresh random key), and every invocation
 * through a Lambda runtime API on {@code port}. Runs until interrupted.
 *
 * <p>Usage: {@code RunLikeLambda <package-dir> <port>}
 */
public final class RunLikeLambda {
    private RunLikeLambda() {
    }

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String secret = "tally/signing-key";

        MotoServer moto = MotoServer.start();
        moto.createSigningKeySecret(secret, UUID.randomUUID() + "-" + UUID.randomUUID());
        String version;
        try (SecretsManagerClient admin = moto.client()) {
            version = admin.getSecretValue(r -> r.secretId(secret).versionStage("AWSCURRENT")).versionId();
        }
        TimedRuntimeApi runtimeApi = new TimedRuntimeApi();
        runtimeApi.start(port);
        Path log = Files.createTempFile("tally-run-like-lambda", ".log");
        PackagedFunction function = PackagedFunction.start(task, PackagedFunction.environment(
                "127.0.0.1:" + port + TimedRuntimeApi.BASE_PATH, moto, secret), log);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                function.close();
                runtimeApi.close();
                moto.close();
            } catch (Exception e) {
                System.err.println("stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.printf("""

                The packaged function (%s) is polling a Lambda runtime API on port %d, pid %d.
                Its signing key is in Secrets Manager at %s, secret %s, version %s.
                Its log: %s

                Invoke it directly with the batch:
                  curl -s -H 'content-type: application/json' -d @events/batch.json localhost:%d/
                or as API Gateway does:
                  curl -s -H 'content-type: application/json' -d @events/apigw-post-transactions.json localhost:%d/

                Ctrl-C stops it.
                """, task, port, function.pid(), moto.endpoint(), secret, version, log, port, port);
        stopped.await();
    }
}
