package dev.tally.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The memory-to-processors mapping of src/main/lambda, as the native bootstrap and the JVM wrapper run it. */
class LambdaCpusTest {
    private static final Path SCRIPTS = Path.of("src/main/lambda");

    @ParameterizedTest
    @CsvSource({"128, 1", "256, 1", "1769, 1", "3413, 1", "3414, 2", "5120, 3", "8192, 4", "10240, 6", "'', 1", "lots, 1"})
    void givesOneProcessorPerWholeVcpuTheMemoryBuys(String memory, String processors) throws Exception {
        assertEquals(processors, run(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory),
                "sh", "-c", ". ./lambda-cpus.sh; tally_cpus"));
    }

    @ParameterizedTest
    @CsvSource({"2048, 2, 1", "4096, 2, 2", "8192, 4, 2", "32768, 2, 16", "2048, 4, 1", "2048, '', 1", "4096, x, 2"})
    void givesOneProcessorPerVcpuOfAManagedInstancesEnvironment(String memory, String gibPerVcpu, String processors)
            throws Exception {
        assertEquals(processors, run(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory, "TALLY_MEMORY_PER_VCPU_GIB", gibPerVcpu),
                "sh", "-c", ". ./lambda-cpus.sh; tally_cpus"));
    }

    @Test
    void startsTheJvmWithOneProcessorAndTheSerialCollectorAt256Mb() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        String flags = run(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
                "./tally-exec-wrapper", java, "-XX:+PrintFlagsFinal", "-version");

        assertTrue(flags.matches("(?s).*\\bActiveProcessorCount += 1\\b.*"), flags);
        assertTrue(flags.matches("(?s).*\\bUseSerialGC += true\\b.*"), "serial collector");
        assertTrue(flags.matches("(?s).*\\bCICompilerCount += 1\\b.*"), "one compiler thread");
        assertTrue(flags.matches("(?s).*\\bTieredStopAtLevel += 1\\b.*"), "C1 alone");
        assertTrue(flags.matches("(?s).*\\bCompileThresholdScaling += 8\\.0+\\b.*"), "C1 compiling eight times later");
        assertTrue(flags.matches("(?s).*\\bParallelGCThreads += 1\\b.*"), "one GC thread");
        assertTrue(flags.matches("(?s).*\\bMaxRAM += 268435456\\b.*"), "ergonomics for 256 MB");
        assertTrue(flags.matches("(?s).*\\bMaxHeapSize += 67108864\\b.*"), "a quarter of 256 MB for the heap");
        assertTrue(flags.matches("(?s).*\\bNewSize += 12582912\\b.*"), "three sixteenths of it young at first");
        assertTrue(flags.matches("(?s).*\\bMaxNewSize += 12582912\\b.*"), "three sixteenths of it young, no more");
    }

    @Test
    void keepsOptionsTheRuntimeAlreadySet() throws Exception {
        String options = run(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "5120", "JAVA_TOOL_OPTIONS", "-Xshare:auto"),
                "./tally-exec-wrapper", "sh", "-c", "echo \"$JAVA_TOOL_OPTIONS\"");

        assertEquals("-Xshare:auto -XX:ActiveProcessorCount=3 -XX:ParallelGCThreads=3 -XX:ConcGCThreads=1 -XX:MaxRAM=5120m"
                + " -Xmx1280m -XX:NewSize=240m -XX:MaxNewSize=240m", options);
    }

    @Test
    void keepsSixtyFourMegabytesOfHeapForTheLargestRequestAtTheSmallestMemory() throws Exception {
        String options = run(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
                "./tally-exec-wrapper", "sh", "-c", "echo \"$JAVA_TOOL_OPTIONS\"");

        assertTrue(options.endsWith("-XX:MaxRAM=128m -Xmx64m -XX:NewSize=12m -XX:MaxNewSize=12m"), options);
    }

    @Test
    void givesTheJvmThePackagesTrustStoreWhereItHasOne(@TempDir Path task) throws Exception {
        for (String script : List.of("tally-exec-wrapper", "lambda-cpus.sh")) {
            Files.copy(SCRIPTS.resolve(script), task.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.write(task.resolve("aws-roots.p12"), new byte[] {0});

        String options = run(task, Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"),
                task.resolve("tally-exec-wrapper").toString(), "sh", "-c", "echo \"$JAVA_TOOL_OPTIONS\"");

        assertTrue(options.endsWith(" -Djavax.net.ssl.trustStore=" + task.toRealPath().resolve("aws-roots.p12")), options);
    }

    @Test
    void bootstrapsTheNativeExecutableWithTheMappedProcessorCount(@TempDir Path task) throws Exception {
        for (String script : List.of("bootstrap", "lambda-cpus.sh")) {
            Files.copy(SCRIPTS.resolve(script), task.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path executable = task.resolve("transaction-processor");
        Files.writeString(executable, "#!/bin/sh\necho \"$@\"\n", UTF_8);
        Files.setPosixFilePermissions(executable, PosixFilePermissions.fromString("rwxr-xr-x"));

        String arguments = run(task, Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "8192"), task.resolve("bootstrap").toString());

        assertEquals("-XX:ActiveProcessorCount=4", arguments);
    }

    private static String run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        return run(SCRIPTS, environment, command);
    }

    private static String run(Path directory, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeAll(Set.of("JAVA_TOOL_OPTIONS", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}
