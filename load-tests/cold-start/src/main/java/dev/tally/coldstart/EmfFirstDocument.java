package dev.tally.coldstart;

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
import com.fasterxml.jackson.core.JsonGenerator;

import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * What the first embedded-metric-format document costs a fresh JVM: AWS's aws-embedded-metrics library
 * against a document written with Jackson's streaming generator (what RequestTelemetry does), each
 * writing the function's metrics, in fresh JVMs started alternately. Jackson's core is loaded before the
 * clock starts in both, as it is in the function by its first request.
 *
 * <p>Usage: {@code EmfFirstDocument <jvms-per-way>}
 */
public final class EmfFirstDocument {
    private static final String[] METRICS = {"ColdStart", "Transactions", "SigningKeyFetches", "SigningKeyFetchFailures"};

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
            for (String way : List.of("aws-embedded-metrics", "jackson-streaming")) {
                samples.computeIfAbsent(way, w -> new ArrayList<>()).add(child(way));
            }
        }
        System.out.printf(Locale.ROOT, "%d fresh JVMs each (-XX:TieredStopAtLevel=1), %s, %d CPUs. ms: p50 / p90 / p99%n%n",
                jvms, System.getProperty("java.vm.version"), Runtime.getRuntime().availableProcessors());
        System.out.println("| way | first document | second document |\n|---|---|---|");
        samples.forEach((way, runs) -> System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", way,
                percentiles(runs.stream().mapToDouble(r -> r[0]).toArray()),
                percentiles(runs.stream().mapToDouble(r -> r[1]).toArray())));
    }

    private static String percentiles(double[] values) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", ColdStartHarness.percentile(values, 50),
                ColdStartHarness.percentile(values, 90), ColdStartHarness.percentile(values, 99));
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

    /** In a fresh JVM: two documents the given way, to a discarded stdout; prints each one's ms. */
    private static void once(String way) throws IOException {
        new JsonFactory().createGenerator(new ByteArrayOutputStream()).close();
        PrintStream out = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
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
                streaming(System.out, "r-" + i);
            }
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        out.printf(Locale.ROOT, "%.2f %.2f%n", ms[0], ms[1]);
    }

    private static void streaming(PrintStream out, String requestId) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        try (JsonGenerator json = new JsonFactory().createGenerator(line)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", System.currentTimeMillis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", "Tally");
            json.writeArrayFieldStart("Dimensions");
            json.writeArray(new String[] {"FunctionName"}, 0, 1);
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (String name : METRICS) {
                json.writeStartObject();
                json.writeStringField("Name", name);
                json.writeStringField("Unit", "Count");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("FunctionName", "tally");
            for (String name : METRICS) {
                json.writeNumberField(name, 1);
            }
            json.writeStringField("requestId", requestId);
            json.writeEndObject();
        }
        line.write('\n');
        line.writeTo(out);
        out.flush();
    }
}
