package dev.tally.coldstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;

/**
 * AWS's Lambda Runtime Interface Emulator (github.com/aws/aws-lambda-runtime-interface-emulator), one process
 * per execution environment, which starts the function on its first invocation as Lambda does. Its quirks,
 * found by trying: its REPORT's {@code Init Duration} times an asynchronous call (~0.1 ms), so init is read
 * from its {@code INIT REPORT(durationMs: …)} line; its {@code Max Memory Used} is always the memory size, so
 * memory is read from /proc; it passes its whole environment on to the function, so it starts with only
 * what Lambda gives one; and it listens on 0.0.0.0:8080 unless told otherwise, so both of its sides are
 * bound to 127.0.0.1 on free ports.
 */
final class AwsEmulator implements LocalRuntime {
    private static final Pattern INIT_REPORT = Pattern.compile("INIT REPORT\\(.*durationMs: ([0-9.]+)");
    private static final Pattern REPORT = Pattern.compile("^REPORT RequestId: .*\\tDuration: ([0-9.]+) ms");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;

    AwsEmulator(Path executable) {
        this.executable = executable.toAbsolutePath();
    }

    @Override
    public String describe() {
        return "AWS Lambda Runtime Interface Emulator " + buildOf(executable);
    }

    /** The emulator's commit as Go recorded it when it was built from a clone, else its file's name. */
    private static String buildOf(Path executable) {
        try {
            Process go = new ProcessBuilder("go", "version", "-m", executable.toString()).redirectErrorStream(true).start();
            try (Stream<String> lines = go.inputReader().lines()) {
                return lines.map(String::strip).filter(line -> line.startsWith("build\tvcs.revision="))
                        .map(line -> "commit " + line.substring(line.indexOf('=') + 1, line.indexOf('=') + 13))
                        .findFirst().orElse("(" + executable + ")");
            }
        } catch (IOException noGo) {
            return "(" + executable + ")";
        }
    }

    /** The init phase's duration of an {@code INIT REPORT} line, in ms. */
    static OptionalDouble initReport(String line) {
        Matcher init = INIT_REPORT.matcher(line);
        return init.find() ? OptionalDouble.of(Double.parseDouble(init.group(1))) : OptionalDouble.empty();
    }

    /** The {@code Duration} of a {@code REPORT} line, in ms. */
    static OptionalDouble reportDuration(String line) {
        Matcher report = REPORT.matcher(line);
        return report.find() ? OptionalDouble.of(Double.parseDouble(report.group(1))) : OptionalDouble.empty();
    }

    @Override
    public LocalRuntime.Environment start(Path task, PackagedFunction.Launch launch, Map<String, String> environment,
            LocalRuntime.Cpu cpu) throws Exception {
        int invokePort = RuntimeApiClient.freePort();
        int runtimePort = RuntimeApiClient.freePort();
        ProcessBuilder builder = new ProcessBuilder(Stream.of(arguments(executable, invokePort, runtimePort), cpu.prefix(),
                PackagedFunction.command(task, launch, environment)).flatMap(List::stream).toList())
                .directory(task.toFile()).redirectErrorStream(true);
        clean(builder, task, environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimePort);
        Emulated emulated = new Emulated(builder.start(), invokePort, cpu);
        emulated.awaitListening();
        return emulated;
    }

    /** The emulator's command, its two sides bound to 127.0.0.1 on these ports. */
    static List<String> arguments(Path executable, int invokePort, int runtimePort) {
        return List.of(executable.toString(), "--runtime-interface-emulator-address", "127.0.0.1:" + invokePort,
                "--runtime-api-address", "127.0.0.1:" + runtimePort);
    }

    /**
     * Gives the emulator, which passes its whole environment on, only what Lambda sets for every runtime
     * (configuration-envvars.html#configuration-envvars-runtime) and {@code function}'s variables, which hold
     * the rest of Lambda's reserved ones ({@code PackagedFunction.environment}: the region, credentials, TZ).
     */
    static void clean(ProcessBuilder emulator, Path task, Map<String, String> function) {
        Map<String, String> lambda = emulator.environment();
        lambda.clear();
        lambda.putAll(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "en_US.UTF-8",
                "LAMBDA_TASK_ROOT", task.toString(), "AWS_LAMBDA_FUNCTION_TIMEOUT", Long.toString(TIMEOUT.toSeconds())));
        lambda.putAll(function);
    }

    private static final class Emulated implements LocalRuntime.Environment {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final Process emulator;
        private final URI invoke;
        private final StringBuffer log = new StringBuffer();
        private final BlockingQueue<Double> durations = new LinkedBlockingQueue<>();
        private final LocalRuntime.Cpu cpu;
        private volatile double initMs = Double.NaN;
        private volatile double initCpuMs = Double.NaN;
        private double firstDurationMs = Double.NaN;
        private long pid;
        private long startNanos;

        Emulated(Process emulator, int port, LocalRuntime.Cpu cpu) {
            this.emulator = emulator;
            this.cpu = cpu;
            this.invoke = URI.create("http://127.0.0.1:" + port + "/2015-03-31/functions/function/invocations");
            Thread.ofPlatform().daemon().name("emulator-output").start(this::readOutput);
        }

        private void readOutput() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.append(line).append('\n');
                    initReport(line).ifPresent(this::initEnded);
                    reportDuration(line).ifPresent(durations::add);
                }
            } catch (IOException closed) {
                // The emulator was stopped: its output ends here.
            }
        }

        /**
         * At the emulator's INIT REPORT, which it writes as the function first asks for an invocation: the
         * function's CPU so far, then its CPU for what follows. The line is read here within about a
         * millisecond of that request, so the first invocation may begin with that much CPU beyond its share.
         */
        private void initEnded(double ms) {
            initMs = ms;
            emulator.children().findFirst().ifPresent(function -> {
                try {
                    initCpuMs = Proc.cpuMs(function.pid());
                    cpu.initEnded();
                } catch (IOException e) {
                    log.append("could not end init's CPU: ").append(e).append('\n');
                }
            });
        }

        @Override
        public double initCpuMs() {
            return initCpuMs;
        }

        void awaitListening() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", invoke.getPort()), 100);
                    return;
                } catch (IOException notYet) {
                    if (!emulator.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the emulator did not listen on " + invoke + ":\n" + log);
                    }
                    Thread.sleep(5);
                }
            }
        }

        @Override
        public Invocation invoke(byte[] event) throws Exception {
            long start = System.nanoTime();
            if (startNanos == 0) {
                startNanos = start;
            }
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(invoke).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofString());
            double clientMs = (System.nanoTime() - start) / 1e6;
            Double duration = durations.poll(5, TimeUnit.SECONDS);
            if (response.statusCode() != 200 || duration == null) {
                throw new IllegalStateException("the emulator answered " + response.statusCode() + ": " + response.body() + "\n" + log);
            }
            if (pid == 0) {
                firstDurationMs = duration;
                pid = emulator.children().findFirst().orElseThrow(() -> new IllegalStateException("no function process:\n" + log)).pid();
            }
            return new Invocation(response.body(), clientMs, duration);
        }

        /** The emulator starts the function's process when the first invocation arrives. */
        @Override
        public long startNanos() {
            return startNanos;
        }

        @Override
        public double initMs() {
            return initMs;
        }

        /** The first REPORT's Duration runs from the invocation's arrival, so it holds the init it waited for. */
        @Override
        public double firstInvocationMs() {
            return firstDurationMs - initMs;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public String log() {
            return log.toString();
        }

        @Override
        public void close() throws Exception {
            List<ProcessHandle> function = emulator.descendants().toList();
            emulator.destroy();
            function.forEach(ProcessHandle::destroy);
            if (!emulator.waitFor(10, TimeUnit.SECONDS)) {
                emulator.destroyForcibly();
            }
            for (ProcessHandle process : function) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
