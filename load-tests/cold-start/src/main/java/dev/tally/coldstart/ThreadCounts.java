package dev.tally.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * The thread count and peak RSS of the running packaged function, untuned and tuned, at a memory size:
 * {@code load-tests/thread-counts.sh} runs it. Each variant serves 200 invocations of
 * {@code events/batch.json} through a Lambda runtime API before its /proc/PID/status is read.
 * It signs with the built-in key (dev profile), so no Secrets Manager is needed.
 *
 * <p>Usage: {@code ThreadCounts <package-dir> <memory-mb> <batch.json>}
 */
public final class ThreadCounts {
    private ThreadCounts() {
    }

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]);
        String memory = args[1];
        byte[] batch = Files.readAllBytes(Path.of(args[2]));
        System.out.println("variant,memory_mb,threads_after_first,threads_after_200,peak_rss_mb");
        for (PackagedFunction.Launch launch : new PackagedFunction.Launch[] {PackagedFunction.Launch.UNTUNED, PackagedFunction.Launch.PACKAGED}) {
            try (MockEventServer runtimeApi = new MockEventServer()) {
                runtimeApi.start(RuntimeApiClient.freePort());
                Path log = Files.createTempFile("tally-threads", ".log");
                try (PackagedFunction function = PackagedFunction.start(task, Map.of(
                        "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH,
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory,
                        "QUARKUS_PROFILE", "dev"), log, launch)) {
                    RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                    invoke(client, batch);
                    int afterFirst = Proc.threads(function.pid());
                    for (int i = 1; i < 200; i++) {
                        invoke(client, batch);
                    }
                    System.out.printf("%s,%s,%d,%d,%.1f%n", launch == PackagedFunction.Launch.PACKAGED ? "tuned" : "untuned", memory, afterFirst,
                            Proc.threads(function.pid()), Proc.peakRssKb(function.pid()) / 1024.0);
                }
            }
        }
    }

    private static void invoke(RuntimeApiClient client, byte[] batch) throws Exception {
        String answer = client.invoke(batch);
        if (!answer.contains("\"status\":\"success\"")) {
            throw new IllegalStateException("the function answered: " + answer);
        }
    }

}
