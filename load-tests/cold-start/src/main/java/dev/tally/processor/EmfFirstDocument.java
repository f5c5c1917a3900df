package dev.tally.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;

import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

import dev.tally.coldstart.Percentiles;
import dev.tally.fixtures.TestVectors;
import dev.tally.keys.SigningKeySource;
import dev.tally.transactions.SigningKey;

/**
 * A lab program in the function's package (it builds the package-private RequestTelemetry), run by
 * {@code load-tests/emf-first-document.sh}. What the first embedded-metric-format document costs a fresh JVM: AWS's aws-embedded-metrics library
 * against RequestTelemetry (Jackson's streaming generator), each writing the function's metrics, in fresh
 * JVMs started alternately.
 *
 * <p>Usage: {@code EmfFirstDocument <jvms-per-way>}
 */
public final class EmfFirstDocument {
    private static final String[] METRICS = {"ColdStart", "Transactions", "SigningKeyFetches", "SigningKeyFetchFailures"};
    private static final Answer ANSWERED = new Answer.Signed(new byte[0], 3, 2);

    private EmfFirstDocument() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("once")) {
            once(args[1]);
            return;
        }
        int jvms = Integer.parseInt(args[0]);
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int i = 0; i < jvms; i++) {
            for (String way : List.of("aws-embedded-metrics", "RequestTelemetry")) {
                samples.computeIfAbsent(way, w -> new ArrayList<>()).add(child(way));
            }
        }
        System.out.printf(Locale.ROOT, "%d fresh JVMs each (-XX:TieredStopAtLevel=1), %s, %d CPUs. ms: p50 / p90 / p99%n%n",
                jvms, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| way | first document | second document |\n|---|---|---|");
        samples.forEach((way, runs) -> System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", way,
                Percentiles.p50p90p99(runs.stream().mapToDouble(r -> r[0]).toArray()),
                Percentiles.p50p90p99(runs.stream().mapToDouble(r -> r[1]).toArray())));
    }

    private static double[] child(String way) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EmfFirstDocument.class.getName(), "once", way).redirectErrorStream(true);
        // What Lambda sets: the library's environment detection then settles on Lambda (stdout) at once.
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "tally");
        builder.environment().put("AWS_EMF_ENVIRONMENT", "Lambda");
        Process process = builder.start();
        process.getOutputStream().close();
        String[] times = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        if (process.waitFor() != 0 || times.length != 2) {
            throw new IllegalStateException(way + ": " + String.join(" ", times));
        }
        return new double[] {Double.parseDouble(times[0]), Double.parseDouble(times[1])};
    }

    /**
     * In a fresh JVM: two documents the given way, to a discarded stdout; prints each one's ms. What the
     * function has already loaded by its first request (Jackson's core, its key source, its logging) is
     * loaded before the clock starts.
     */
    private static void once(String way) throws IOException {
        new JsonFactory().createGenerator(new ByteArrayOutputStream()).close();
        PrintStream out = System.out;
        PrintStream discarded = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        System.setOut(discarded);
        RequestTelemetry telemetry = new RequestTelemetry(SigningKeySource.builtIn(new SigningKey(TestVectors.signingKeyMaterial(), "v1")), discarded, "tally", "INFO", false,
                Initialization.ON_DEMAND);
        double[] ms = new double[2];
        for (int i = 0; i < ms.length; i++) {
            long start = System.nanoTime();
            if (way.equals("aws-embedded-metrics")) {
                MetricsLogger metrics = new MetricsLogger();
                metrics.setNamespace("Tally");
                metrics.setDimensions(DimensionSet.of("FunctionName", "tally"));
                for (String name : METRICS) {
                    metrics.putMetric(name, 1, Unit.COUNT);
                }
                metrics.putProperty("requestId", "r-" + i);
                metrics.flush();
            } else {
                telemetry.record("r-" + i, ANSWERED, 0);
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        out.printf(Locale.ROOT, "%.2f %.2f%n", ms[0], ms[1]);
    }
}
