package dev.tally.processor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.util.ReflectUtil;

import dev.tally.keys.MotoServer;

/**
 * The deployable function started as Lambda starts it, against a runtime API of the caller's choosing.
 * A JVM package (Quarkus' function.zip plus the exec wrapper) runs as the java25 runtime runs it: the
 * wrapper execs the JVM, which starts the AWS runtime interface client with the handler. A native
 * package runs its bootstrap.
 */
public final class PackagedFunction implements AutoCloseable {
    static final String HANDLER = "dev.tally.processor.TallyStreamHandler::handleRequest";

    private final Process process;

    private PackagedFunction(Process process) {
        this.process = process;
    }

    /**
     * What Lambda puts in the environment, for a function that polls {@code runtimeApi} (host:port/path)
     * at 256 MB and fetches its key from the secret {@code secretId} on a local Secrets Manager.
     */
    public static Map<String, String> environment(String runtimeApi, MotoServer secretsManager, String secretId) {
        return Map.of(
                "AWS_LAMBDA_RUNTIME_API", runtimeApi,
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256",
                "AWS_REGION", MotoServer.REGION.id(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "TALLY_SIGNING_KEY_SECRET_ID", secretId,
                "TALLY_SIGNING_KEY_ENDPOINT", secretsManager.endpoint().toString());
    }

    /** The package under test: {@code -Dtally.packaged.function=DIR} (a sam build output), else this build's. */
    public static Path packageDirectory(Path target) throws IOException {
        String named = System.getProperty("tally.packaged.function", "");
        return named.isBlank() ? assembleJvmPackage(target) : Path.of(named);
    }

    /**
     * What {@code make build-TransactionProcessorJvmFunction} puts in the zip, from this build's outputs: laid
     * out by the same {@code tally_jvm_package} (scripts/tally.sh), run from the repository root.
     */
    public static Path assembleJvmPackage(Path target) throws IOException {
        Path task = target.resolve("packaged-jvm").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", ". scripts/tally.sh && tally_jvm_package \"$1\"",
                "sh", task.toString()).directory(Path.of("../..").toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException("tally_jvm_package: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return task;
    }

    public static PackagedFunction start(Path directory, Map<String, String> environment, Path log) throws IOException {
        return start(directory, environment, log, Launch.PACKAGED);
    }

    public static PackagedFunction start(Path directory, Map<String, String> environment, Path log, Launch launch)
            throws IOException {
        Path task = directory.toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command(task, launch, environment)).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().putAll(environment);
        return new PackagedFunction(builder.start());
    }

    /** How a package is started. */
    public enum Launch {
        /** As the package says: its bootstrap, or the java25 runtime's JVM through the package's exec wrapper. */
        PACKAGED,
        /**
         * As the java25 managed runtime starts a function that sets nothing itself: the JVM with the options
         * AWS documents for it and no exec wrapper ({@link #java25RuntimeOptions(String)}). A JVM package only.
         */
        JAVA25_RUNTIME,
        /** The bare process, without the memory-sized tuning: no exec wrapper, the executable without its bootstrap. */
        UNTUNED
    }

    /**
     * What the java25 runtime gives the JVM of an on-demand function that sets no options, as AWS documents it
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html): tiered compilation stopped at
     * level 1, C1 only (for Java 25 too, except with SnapStart or provisioned concurrency), and the serial
     * collector (the default from the Java 11 runtime on). The function's memory is the memory its
     * execution environment has (configuration-memory.html), which the JVM sizes its heap from:
     * {@code -XX:MaxRAM} gives it that view on a bigger host.
     */
    public static List<String> java25RuntimeOptions(String memoryMb) {
        return List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAM=" + memoryMb + "m");
    }

    /** The command that starts the package in {@code task} (absolute) as {@code launch} says, for {@code environment}. */
    public static List<String> command(Path task, Launch launch, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(task.resolve("bootstrap"))) {
            if (launch == Launch.JAVA25_RUNTIME) {
                throw new IllegalArgumentException(task + " is not a JVM package: the java25 runtime cannot start it");
            }
            command.add(task.resolve(launch == Launch.PACKAGED ? "bootstrap" : "transaction-processor").toString());
            return command;
        }
        if (launch == Launch.PACKAGED) {
            command.add(task.resolve("tally-exec-wrapper").toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (launch == Launch.JAVA25_RUNTIME) {
            command.addAll(java25RuntimeOptions(environment.getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")));
        }
        command.addAll(List.of("-cp", String.join(File.pathSeparator, applicationClasspath(task), runtimeLibraries()),
                AWSLambda.class.getName(), HANDLER));
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Asks the function to stop, as Lambda does at shutdown (SIGTERM), and waits up to {@code timeout} for
     * it to exit: a JVM writing an AOT cache on its way out takes a while. Its exit status.
     */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the function did not exit within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * The java25 runtime's classpath for a package: its root and lib/*. A package of jars only (no
     * classes at the root) leaves the root directory out, as an AOT cache cannot hold classes loaded
     * from a directory.
     */
    private static String applicationClasspath(Path task) {
        String jars = String.join(File.pathSeparator, task.resolve("*").toString(), task.resolve("lib") + "/*");
        return Files.isDirectory(task.resolve("META-INF")) ? task + File.pathSeparator + jars : jars;
    }

    /** What the java25 runtime keeps in /var/runtime/lib: the runtime interface client and its serialization. */
    private static String runtimeLibraries() {
        return String.join(File.pathSeparator, jarOf(AWSLambda.class), jarOf(ReflectUtil.class));
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String read(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
