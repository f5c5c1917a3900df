package dev.tally.coldstart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.tally.fixtures.PackagedFunction;

/**
 * A Lambda runtime API on this machine that starts execution environments of a packaged function: AWS's
 * Lambda Runtime Interface Emulator when one is installed ({@code TALLY_RIE}, else {@code aws-lambda-rie} on
 * the PATH), Quarkus' mock event server otherwise. Figures from the two are not comparable: the mock adds
 * milliseconds to every invocation and to Go's start most of all, so every table names the one it used.
 */
sealed interface LocalRuntime permits AwsEmulator, MockRuntime {

    /** One invocation: the function's answer, the time the client waited, and the runtime API's own Duration. */
    record Invocation(String answer, double clientMs, double durationMs) {
    }

    /**
     * The CPU an environment's function gets: the words its command runs under (to join a CPU quota), and what
     * happens where its init ends, at its first request for an invocation (the quota falls to the share).
     */
    interface Cpu {
        Cpu UNLIMITED = new Cpu() {
            @Override
            public List<String> prefix() {
                return List.of();
            }

            @Override
            public void initEnded() {
            }
        };

        List<String> prefix();

        void initEnded() throws IOException;
    }

    /** One execution environment: started by its first invocation, as Lambda starts one. */
    interface Environment extends AutoCloseable {
        Invocation invoke(byte[] event) throws Exception;

        /** When the environment's process was started ({@link System#nanoTime()}): where a cold start begins. */
        long startNanos();

        /** The init phase, in ms: from the runtime process's start to its first request for an invocation. */
        double initMs();

        /** The first invocation's own time, in ms: its Duration less the init it waited for. */
        double firstInvocationMs();

        /** The CPU time the function's process had used where its init ended, in ms. */
        double initCpuMs();

        /** The function's process (the runtime, not the emulator). */
        long pid();

        /** Everything the environment printed, for a failure's message. */
        String log();

        @Override
        void close() throws Exception;
    }

    /** A line for tables: which runtime API, and which build of it. */
    String describe();

    /**
     * A new environment of the package in {@code task}, started as {@code launch} says, with {@code environment},
     * its function's processes given {@code cpu}.
     */
    Environment start(Path task, PackagedFunction.Launch launch, Map<String, String> environment, Cpu cpu) throws Exception;

    /** The emulator where one is installed, else the mock. */
    static LocalRuntime detect() {
        String named = System.getenv().getOrDefault("TALLY_RIE", "");
        if (!named.isBlank()) {
            Path emulator = Path.of(named);
            if (!Files.isExecutable(emulator)) {
                throw new IllegalArgumentException("TALLY_RIE=" + named + " is not an executable file");
            }
            return new AwsEmulator(emulator);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path emulator = Path.of(directory, "aws-lambda-rie");
            if (!directory.isEmpty() && Files.isExecutable(emulator)) {
                return new AwsEmulator(emulator);
            }
        }
        return new MockRuntime();
    }
}
