package dev.tally.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    public LocalRuntime.Environment start(Path task, PackagedFunction.Launch launch, Map<String, String> environment,
            LocalRuntime.Cpu cpu) throws Exception {
        TimedRuntimeApi runtimeApi = new TimedRuntimeApi();
        runtimeApi.start(RuntimeApiClient.freePort());
        Path log = Files.createTempFile("tally-cold-start", ".log");
        Map<String, String> withApi = new HashMap<>(environment);
        withApi.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.getPort() + TimedRuntimeApi.BASE_PATH);
        Mocked mocked = new Mocked(runtimeApi, log);
        runtimeApi.onInitEnd(() -> mocked.initEnded(cpu));
        mocked.exec = System.nanoTime();
        mocked.function = PackagedFunction.start(task, withApi, log, launch, cpu.prefix());
        return mocked;
    }

    private static final class Mocked implements LocalRuntime.Environment {
        private final TimedRuntimeApi runtimeApi;
        private final Path logFile;
        private final RuntimeApiClient client;
        private volatile PackagedFunction function;
        private volatile long exec;
        private volatile double initCpuMs = Double.NaN;

        Mocked(TimedRuntimeApi runtimeApi, Path logFile) {
            this.runtimeApi = runtimeApi;
            this.logFile = logFile;
            this.client = new RuntimeApiClient(runtimeApi.getPort());
        }

        /** At the function's first request for an invocation: its CPU so far, then its CPU for what follows. */
        void initEnded(LocalRuntime.Cpu cpu) {
            try {
                initCpuMs = Proc.cpuMs(function.pid());
                cpu.initEnded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public double initCpuMs() {
            return initCpuMs;
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
            try (runtimeApi; PackagedFunction started = function) {
                Files.deleteIfExists(logFile);
            }
        }
    }
}
