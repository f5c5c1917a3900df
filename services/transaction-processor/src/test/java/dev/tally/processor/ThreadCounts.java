package dev.tally.processor;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
        for (boolean tuned : new boolean[] {false, true}) {
            try (MockEventServer runtimeApi = new MockEventServer()) {
                runtimeApi.start(freePort());
                Path log = Files.createTempFile("tally-threads", ".log");
                try (PackagedFunction function = PackagedFunction.start(task, Map.of(
                        "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH,
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory,
                        "QUARKUS_PROFILE", "dev"), log, tuned)) {
                    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    URI invoke = URI.create("http://127.0.0.1:" + runtimeApi.getPort() + "/");
                    invoke(client, invoke, batch);
                    int afterFirst = function.threads();
                    for (int i = 1; i < 200; i++) {
                        invoke(client, invoke, batch);
                    }
                    System.out.printf("%s,%s,%d,%d,%.1f%n", tuned ? "tuned" : "untuned", memory, afterFirst,
                            function.threads(), function.peakRssKb() / 1024.0);
                }
            }
        }
    }

    private static void invoke(HttpClient client, URI invoke, byte[] batch) throws Exception {
        // The AWS runtime interface client crashes on an invocation with no content type: always send one.
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(invoke)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch)).build(), HttpResponse.BodyHandlers.ofString());
        if (!answer.body().contains("\"status\":\"success\"")) {
            throw new IllegalStateException("the function answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
