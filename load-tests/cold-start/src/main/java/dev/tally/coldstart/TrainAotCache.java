package dev.tally.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tally.keys.MotoServer;
import dev.tally.processor.PackagedFunction;
import dev.tally.processor.RuntimeApiClient;

/**
 * Trains a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, method profiles) on real
 * invocations of the packaged function: started through its exec wrapper exactly as it will run,
 * its first request fetching the signing key from Secrets Manager, then every kind of request a
 * few hundred times. The JVM writes the cache when the function exits.
 *
 * <p>Usage: {@code TrainAotCache <package-dir> <cache-file> <event.json> <apigw-event.json>}
 */
public final class TrainAotCache {
    private static final int ROUNDS = 100;

    private TrainAotCache() {
    }

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]);
        Path cache = Path.of(args[1]).toAbsolutePath();
        List<byte[]> events = List.of(Files.readAllBytes(Path.of(args[2])), Files.readAllBytes(Path.of(args[3])),
                "{\"transactions\":[{\"id\":1}]}".getBytes());
        Files.deleteIfExists(cache);
        try (MotoServer moto = MotoServer.start(); TimedRuntimeApi runtimeApi = new TimedRuntimeApi()) {
            moto.createSigningKeySecret("tally/signing-key", "aot-training-signing-key-0123456789abcdef");
            runtimeApi.start(RuntimeApiClient.freePort());
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + TimedRuntimeApi.BASE_PATH, moto, "tally/signing-key"));
            environment.put("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=" + cache);
            Path log = Files.createTempFile("tally-aot-training", ".log");
            try (PackagedFunction function = PackagedFunction.start(task, environment, log)) {
                RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
                for (int i = 0; i < ROUNDS; i++) {
                    for (byte[] event : events) {
                        client.invoke(event);
                    }
                }
            }
            for (int waited = 0; !Files.exists(cache) && waited < 120; waited++) {
                Thread.sleep(1000);
            }
            if (!Files.exists(cache)) {
                throw new IllegalStateException("the JVM wrote no AOT cache; its log: " + PackagedFunction.read(log));
            }
            System.out.printf("AOT cache %s: %.1f MB after %d invocations%n", cache, Files.size(cache) / 1e6, ROUNDS * events.size());
        }
    }

}
