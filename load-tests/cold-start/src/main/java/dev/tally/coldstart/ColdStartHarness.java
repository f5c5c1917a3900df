package dev.tally.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction.Launch;
import dev.tally.fixtures.PackagedFunction;

/**
 * lambda-perf's method, locally: for each variant, N fresh execution environments (a new process each),
 * each started by an invocation as Lambda starts one, then warm invocations of each event on the last
 * environment. Every environment fetches its signing key lazily from a local Secrets Manager (moto_server).
 * The runtime API is AWS's emulator when one is installed, else Quarkus' mock ({@link LocalRuntime}); the
 * tables say which.
 *
 * <p>Per environment: init, the first invocation's own duration, the client-observed cold start (the
 * process's start to the answer in the client's hands), the CPU time the process used to that answer. After
 * each event's warm run on the last one: the runtime API's REPORT Duration and the client's time per
 * invocation, peak RSS and threads.
 *
 * <p>Usage: {@code ColdStartHarness <out-dir> <environments> <warm-invocations> <event.json>[,<event.json>...]
 * name=dir[:java25|:untuned] ...}. The first event starts the environments; {@code :java25} starts a JVM
 * package as the java25 runtime starts an untuned function, {@code :untuned} without the package's tuning.
 * {@code -Dtally.warmup=N} (0) invokes each event N times more before its measured warm run, to measure
 * the steady state rather than the first invocations of an environment.
 */
public final class ColdStartHarness {
    private static final String SECRET = "tally/signing-key";
    private static final String KEY = "cold-start-harness-signing-key-0123456789";
    private static final String GO = "go";
    private static final int WARMUP = Integer.getInteger("tally.warmup", 0);

    private ColdStartHarness() {
    }

    record Variant(String name, Path directory, Launch launch) {
        static Variant parse(String spec) {
            String[] nameAndDir = spec.split("=", 2);
            String[] dirAndMode = nameAndDir[1].split(":", 2);
            Launch launch = dirAndMode.length == 1 ? Launch.PACKAGED : switch (dirAndMode[1]) {
                case "java25" -> Launch.JAVA25_RUNTIME;
                case "untuned" -> Launch.UNTUNED;
                default -> throw new IllegalArgumentException("unknown launch " + dirAndMode[1] + " in " + spec);
            };
            return new Variant(nameAndDir[0], Path.of(dirAndMode[0]).toAbsolutePath(), launch);
        }
    }

    record Event(String name, byte[] body) {
    }

    /** One event's warm run on an environment: per invocation, the REPORT Duration and the client's time. */
    record Warm(double[] durationMs, double[] clientMs, double peakRssMb, int threads) {
    }

    record Sample(String variant, int environment, double initMs, double firstInvocationMs, double coldMs,
            double cpuMs, List<Warm> warm) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int environments = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        List<Event> events = new ArrayList<>();
        for (String file : args[3].split(",")) {
            events.add(new Event(Path.of(file).getFileName().toString(), Files.readAllBytes(Path.of(file))));
        }
        List<Variant> variants = Arrays.stream(args, 4, args.length).map(Variant::parse).toList();
        LocalRuntime runtime = LocalRuntime.detect();
        System.out.println("runtime API: " + runtime.describe());
        Files.createDirectories(out);

        List<Sample> samples = new ArrayList<>();
        try (MotoServer moto = MotoServer.start()) {
            moto.createSigningKeySecret(SECRET, KEY);
            for (int round = 0; round < environments; round++) {
                // Interleaved, so drift in the machine's load touches every variant alike.
                for (Variant variant : variants) {
                    Sample sample = measure(runtime, variant, round, round == environments - 1 ? warm : 0, events, moto);
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "%-16s env %2d: init %7.1f ms, first invocation %6.1f ms, cold %7.1f ms, cpu %5.0f ms%n",
                            variant.name(), round, sample.initMs(), sample.firstInvocationMs(), sample.coldMs(), sample.cpuMs());
                }
            }
        }
        writeCsv(out.resolve("cold-start-local.csv"), samples);
        String tables = tables(runtime, variants, events, samples, environments, warm);
        Files.writeString(out.resolve("cold-start-local.md"), tables);
        chart(out.resolve("cold-start-local.png"), runtime, variants, samples);
        System.out.println();
        System.out.println(tables);
    }

    private static Sample measure(LocalRuntime runtime, Variant variant, int round, int warm, List<Event> events, MotoServer moto)
            throws Exception {
        Map<String, String> environment = PackagedFunction.environment("unset", moto, SECRET);
        try (LocalRuntime.Environment function = runtime.start(variant.directory(), variant.launch(), environment)) {
            invokeOnce(function, events.getFirst());
            long answered = System.nanoTime();
            double cpuMs = Proc.cpuMs(function.pid());
            List<Warm> warmRuns = new ArrayList<>();
            for (Event event : warm == 0 ? List.<Event>of() : events) {
                for (int i = 0; i < WARMUP; i++) {
                    invokeOnce(function, event);
                }
                double[] durationMs = new double[warm];
                double[] clientMs = new double[warm];
                for (int i = 0; i < warm; i++) {
                    LocalRuntime.Invocation invocation = invokeOnce(function, event);
                    durationMs[i] = invocation.durationMs();
                    clientMs[i] = invocation.clientMs();
                }
                warmRuns.add(new Warm(durationMs, clientMs, Proc.peakRssKb(function.pid()) / 1024.0, Proc.threads(function.pid())));
            }
            return new Sample(variant.name(), round, function.initMs(), function.firstInvocationMs(),
                    (answered - function.startNanos()) / 1e6, cpuMs, warmRuns);
        }
    }

    private static LocalRuntime.Invocation invokeOnce(LocalRuntime.Environment function, Event event) throws Exception {
        LocalRuntime.Invocation invocation = function.invoke(event.body());
        if (!invocation.answer().contains("\"status\":\"success\"")) {
            throw new IllegalStateException(event.name() + " answered: " + invocation.answer() + "\n" + function.log());
        }
        return invocation;
    }

    private static void writeCsv(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("variant,environment,init_ms,first_invocation_ms,cold_ms,cpu_ms\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f,%.0f%n", s.variant(), s.environment(),
                    s.initMs(), s.firstInvocationMs(), s.coldMs(), s.cpuMs()));
        }
        Files.writeString(file, csv);
    }

    private static String tables(LocalRuntime runtime, List<Variant> variants, List<Event> events, List<Sample> samples,
            int environments, int warm) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Runtime API: %s. %d fresh environments per variant (interleaved), started by %s; "
                + "%d warm invocations of each event on the last. %s, %d CPUs, run on %s. Times in ms, p50 / p90.%n%n",
                runtime.describe(), environments, events.getFirst().name(), warm, System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), LocalDate.now()));
        md.append("| variant | launch | init | first invocation | cold (start to answer) | CPU to first answer (p50) |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Variant variant : variants) {
            List<Sample> mine = of(samples, variant);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.0f |%n", variant.name(), launch(variant),
                    p50p90(mine, Sample::initMs), p50p90(mine, Sample::firstInvocationMs), p50p90(mine, Sample::coldMs),
                    Percentiles.of(mine.stream().mapToDouble(Sample::cpuMs).toArray(), 50)));
        }
        if (warm > 0) {
            md.append(String.format(Locale.ROOT, "%nWarm, per event: p50 / p90 / p99 of %d invocations%s in ms (REPORT Duration, "
                    + "then as the client saw it); peak RSS and threads after that event's run.%n%n", warm,
                    WARMUP == 0 ? "" : String.format(Locale.ROOT, ", after %d more not counted", WARMUP)));
            md.append("| variant | event | Duration | client | peak RSS (MB) | threads |\n|---|---|---|---|---|---|\n");
            for (Variant variant : variants) {
                List<Warm> runs = of(samples, variant).getLast().warm();
                for (int e = 0; e < events.size(); e++) {
                    Warm run = runs.get(e);
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f | %d |%n", variant.name(), events.get(e).name(),
                            p50p90p99(run.durationMs()), p50p90p99(run.clientMs()), run.peakRssMb(), run.threads()));
                }
            }
        }
        md.append(ratios(variants, events, samples, warm));
        return md.toString();
    }

    /** Medians as multiples of the Go twin's and of the java25 baseline's, where those ran. */
    private static String ratios(List<Variant> variants, List<Event> events, List<Sample> samples, int warm) {
        Optional<Variant> go = variants.stream().filter(v -> v.name().equals(GO)).findFirst();
        Optional<Variant> baseline = variants.stream().filter(v -> v.launch() == Launch.JAVA25_RUNTIME).findFirst();
        if (go.isEmpty() && baseline.isEmpty()) {
            return "";
        }
        List<String> bases = new ArrayList<>();
        go.ifPresent(v -> bases.add("the Go twin's (× Go)"));
        baseline.ifPresent(v -> bases.add(v.name() + "'s (× java25)"));
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nMedians as multiples of %s.%n%n", String.join(" and of ", bases)));
        md.append("| variant | init | cold (start to answer) | CPU to first answer |");
        for (Event event : warm > 0 ? events : List.<Event>of()) {
            md.append(" warm Duration, ").append(event.name()).append(" |");
        }
        md.append("\n|---|---|---|---|").append("---|".repeat(warm > 0 ? events.size() : 0)).append('\n');
        for (Variant variant : variants) {
            List<Sample> mine = of(samples, variant);
            md.append("| ").append(variant.name()).append(" | ")
                    .append(multiples(mine, samples, go, baseline, Sample::initMs)).append(" | ")
                    .append(multiples(mine, samples, go, baseline, Sample::coldMs)).append(" | ")
                    .append(multiples(mine, samples, go, baseline, Sample::cpuMs)).append(" |");
            for (int e = 0; e < (warm > 0 ? events.size() : 0); e++) {
                int event = e;
                ToDoubleFunction<List<Sample>> warmP50 = list -> Percentiles.of(list.getLast().warm().get(event).durationMs(), 50);
                md.append(' ').append(multiple(warmP50.applyAsDouble(mine), go.map(v -> warmP50.applyAsDouble(of(samples, v))),
                        baseline.map(v -> warmP50.applyAsDouble(of(samples, v))))).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String multiples(List<Sample> mine, List<Sample> samples, Optional<Variant> go, Optional<Variant> baseline,
            ToDoubleFunction<Sample> metric) {
        ToDoubleFunction<List<Sample>> p50 = list -> Percentiles.of(list.stream().mapToDouble(metric).toArray(), 50);
        return multiple(p50.applyAsDouble(mine), go.map(v -> p50.applyAsDouble(of(samples, v))),
                baseline.map(v -> p50.applyAsDouble(of(samples, v))));
    }

    private static String multiple(double value, Optional<Double> go, Optional<Double> baseline) {
        List<String> parts = new ArrayList<>();
        go.ifPresent(g -> parts.add(String.format(Locale.ROOT, "%.2f × Go", value / g)));
        baseline.ifPresent(b -> parts.add(String.format(Locale.ROOT, "%.2f × java25", value / b)));
        return String.join(", ", parts);
    }

    private static String launch(Variant variant) {
        return switch (variant.launch()) {
            case PACKAGED -> "its bootstrap or exec wrapper";
            case JAVA25_RUNTIME -> "java " + String.join(" ", PackagedFunction.java25RuntimeOptions("<memory>"));
            case UNTUNED -> "bare process, no tuning";
        };
    }

    private static List<Sample> of(List<Sample> samples, Variant variant) {
        return samples.stream().filter(s -> s.variant().equals(variant.name())).toList();
    }

    private static void chart(Path file, LocalRuntime runtime, List<Variant> variants, List<Sample> samples) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Cold start, median of fresh environments (" + (runtime instanceof AwsEmulator ? "AWS's emulator" : "mock runtime API") + ")")
                .xAxisTitle("variant").yAxisTitle("ms").build();
        Map<String, ToDoubleFunction<Sample>> series = new LinkedHashMap<>();
        series.put("init", Sample::initMs);
        series.put("first invocation", Sample::firstInvocationMs);
        series.put("cold (start to answer)", Sample::coldMs);
        List<String> names = variants.stream().map(Variant::name).toList();
        series.forEach((name, metric) -> chart.addSeries(name, names, variants.stream()
                .map(v -> Percentiles.of(of(samples, v).stream().mapToDouble(metric).toArray(), 50)).toList()));
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String p50p90(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double[] values = samples.stream().mapToDouble(metric).toArray();
        return String.format(Locale.ROOT, "%.1f / %.1f", Percentiles.of(values, 50), Percentiles.of(values, 90));
    }

    /** p50 / p90 / p99; a dash where the runtime API reports no such figure (the mock has no REPORT). */
    private static String p50p90p99(double[] values) {
        if (Arrays.stream(values).allMatch(Double::isNaN)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", Percentiles.of(values, 50), Percentiles.of(values, 90),
                Percentiles.of(values, 99));
    }
}
