package dev.tally.processor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;
import io.quarkus.amazon.lambda.runtime.MockEventServer;

/**
 * Trains a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) on real
 * invocations of the packaged function: started through its exec wrapper exactly as it will run,
 * its first request fetching the signing key from Secrets Manager, then every kind of request a
 * few hundred times. Part of packaging the jvm-aot variant (jvm-aot/assemble.sh runs it from this module's test
 * class path), so the deployable package needs nothing from the load-test lab. The JVM writes the cache when the
 * function exits: it records the training in a
 * temporary {@code .config} file beside the cache, then waits for a child JVM to assemble the cache from it.
 * The training counts only when that finished: the function exited, the JDK said the cache is complete, and
 * nothing but the cache is left.
 *
 * <p>Usage: {@code TrainAotCache <package-dir> <cache-file> <event.json> <apigw-event.json>}
 */
public final class TrainAotCache {
    private static final int ROUNDS = 100;
    /** What the JDK prints once the child JVM has written the cache. */
    private static final String COMPLETE = "AOTCache creation is complete";

    private TrainAotCache() {
    }

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]);
        Path cache = Path.of(args[1]).toAbsolutePath();
        List<byte[]> events = List.of(Files.readAllBytes(Path.of(args[2])), Files.readAllBytes(Path.of(args[3])),
                "{\"transactions\":[{\"id\":1}]}".getBytes());
        Files.deleteIfExists(cache);
        try (MotoServer moto = MotoServer.start(); MockEventServer runtimeApi = new MockEventServer()) {
            moto.createSigningKeySecret("tally/signing-key", "aot-training-signing-key-0123456789abcdef");
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + MockEventServer.BASE_PATH, moto, "tally/signing-key"));
            environment.put("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=" + cache);
            Path log = Files.createTempFile("tally-aot-training", ".log");
            try (PackagedFunction function = PackagedFunction.start(task, environment, log)) {
                RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                for (int i = 0; i < ROUNDS; i++) {
                    for (byte[] event : events) {
                        client.invoke(event);
                    }
                }
                int exit = function.stop(Duration.ofMinutes(5));
                String output = PackagedFunction.read(log);
                Path config = cache.resolveSibling(cache.getFileName() + ".config");
                if (!output.contains(COMPLETE) || !Files.isRegularFile(cache) || Files.exists(config)) {
                    throw new IllegalStateException("the AOT cache was not written whole (exit " + exit + ", cache "
                            + Files.exists(cache) + ", leftover " + config.getFileName() + " " + Files.exists(config)
                            + "); the function's log:\n" + output);
                }
            }
            System.out.printf("AOT cache %s: %.1f MB after %d invocations%n", cache, Files.size(cache) / 1e6, ROUNDS * events.size());
        }
    }

}
