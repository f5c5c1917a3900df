package dev.tally.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;

/**
 * Quarkus' mock event server as the runtime API (what CI has). It has no REPORT: an invocation's Duration
 * is not known (NaN), and init runs from the process's start to its first poll.
 */
final class MockRuntime implements LocalRuntime {

    @Override
    public String describe() {
        return "Quarkus' mock event server (quarkus-amazon-lambda-event-server), not AWS's emulator";
    }

    @Override
    public LocalRuntime.Environment start(Path task, PackagedFunction.Launch launch, Map<String, String> environment)
            throws Exception {
        TimedRuntimeApi runtimeApi = new TimedRuntimeApi();
        runtimeApi.start(RuntimeApiClient.freePort());
        Path log = Files.createTempFile("tally-cold-start", ".log");
        Map<String, String> withApi = new HashMap<>(environment);
        withApi.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + TimedRuntimeApi.BASE_PATH);
        long exec = System.nanoTime();
        PackagedFunction function = PackagedFunction.start(task, withApi, log, launch);
        return new Mocked(runtimeApi, function, log, exec);
    }

    private static final class Mocked implements LocalRuntime.Environment {
        private final TimedRuntimeApi runtimeApi;
        private final PackagedFunction function;
        private final Path logFile;
        private final long exec;
        private final RuntimeApiClient client;

        Mocked(TimedRuntimeApi runtimeApi, PackagedFunction function, Path logFile, long exec) {
            this.runtimeApi = runtimeApi;
            this.function = function;
            this.logFile = logFile;
            this.exec = exec;
            this.client = new RuntimeApiClient(runtimeApi.getPort());
        }

        @Override
        public Invocation invoke(byte[] event) throws Exception {
            long start = System.nanoTime();
            String answer = client.invoke(event);
            return new Invocation(answer, (System.nanoTime() - start) / 1e6, Double.NaN);
        }

        @Override
        public long startNanos() {
            return exec;
        }

        @Override
        public double initMs() {
            return (runtimeApi.firstNextNanos() - exec) / 1e6;
        }

        @Override
        public double firstInvocationMs() {
            return (runtimeApi.firstResponseNanos() - runtimeApi.firstNextNanos()) / 1e6;
        }

        @Override
        public long pid() {
            return function.pid();
        }

        @Override
        public String log() {
            return PackagedFunction.read(logFile);
        }

        @Override
        public void close() throws Exception {
            try (runtimeApi; function) {
                Files.deleteIfExists(logFile);
            }
        }
    }
}
