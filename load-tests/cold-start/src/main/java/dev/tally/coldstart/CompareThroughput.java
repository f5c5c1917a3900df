package dev.tally.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The table of load-tests/compare-throughput.sh: JMH's sample-time results for the library beside
 * {@code go test -bench} over the Go twin, per batch size, with bytes and transactions a second.
 *
 * <p>Usage: {@code CompareThroughput <jmh.json> <go-bench.txt> <payloads-dir>}
 */
public final class CompareThroughput {
    private static final Pattern GO_RUN = Pattern.compile("BenchmarkProcess/size=(\\d+)-\\d+\\s+\\d+\\s+([\\d.]+) ns/op");

    private CompareThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Map<Integer, JsonNode> java = new TreeMap<>();
        for (JsonNode result : new ObjectMapper().readTree(Path.of(args[0]).toFile())) {
            java.put(result.at("/params/size").asInt(), result.get("primaryMetric"));
        }
        Map<Integer, List<Double>> go = new TreeMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            Matcher run = GO_RUN.matcher(line);
            if (run.find()) {
                go.computeIfAbsent(Integer.parseInt(run.group(1)), s -> new ArrayList<>()).add(Double.parseDouble(run.group(2)) / 1000);
            }
        }
        System.out.println("| transactions | body | Java p50 / p90 / p99 (µs) | Java MB/s | Java tx/s "
                + "| Go p50 / p90 of run means (µs) | Go MB/s | Go tx/s | Java ÷ Go throughput |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        StringBuilder samples = new StringBuilder();
        java.forEach((size, metric) -> {
            long body = size(Path.of(args[2], "batch-" + size + ".json"));
            JsonNode percentiles = metric.get("scorePercentiles");
            double j50 = percentiles.get("50.0").asDouble();
            double[] runs = go.get(size).stream().mapToDouble(Double::doubleValue).toArray();
            double g50 = Percentiles.of(runs, 50);
            System.out.printf(Locale.ROOT, "| %,d | %,.1f KiB | %,.1f / %,.1f / %,.1f | %,.0f | %,.0f | %,.1f / %,.1f | %,.0f | %,.0f | %.1fx |%n",
                    size, body / 1024.0, j50, percentiles.get("90.0").asDouble(), percentiles.get("99.0").asDouble(),
                    body / j50, size / j50 * 1e6, g50, Percentiles.of(runs, 90), body / g50, size / g50 * 1e6, g50 / j50);
            long count = 0;
            for (JsonNode run : metric.get("rawDataHistogram")) {
                for (JsonNode bucket : run) {
                    for (JsonNode value : bucket) {
                        count += value.get(1).asLong();
                    }
                }
            }
            samples.append(samples.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%,d: %,d", size, count));
        });
        System.out.printf(Locale.ROOT, "%nJava samples per size: %s. Go: %d runs per size.%n", samples,
                go.values().iterator().next().size());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
