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

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import dev.tally.keys.MotoServer;
import dev.tally.processor.PackagedFunction;
import dev.tally.processor.RuntimeApiClient;

/**
 * lambda-perf's method, locally: for each variant, N fresh environments (a new process each), each
 * started by an invocation as Lambda starts one, then warm invocations on the last environment.
 * Every environment fetches its signing key lazily from a local Secrets Manager (moto_server).
 *
 * <p>Per environment: init (exec to the first {@code /next} poll, which is where Lambda's Init
 * Duration ends), the first invocation's duration (that poll to its answer), the client-observed cold
 * latency (exec to the answer in the client's hands), peak RSS and thread count after the warm run.
 *
 * <p>Usage: {@code ColdStartHarness <out-dir> <environments> <warm-invocations> <event.json> name=dir[:untuned] ...}
 */
public final class ColdStartHarness {
    private static final String SECRET = "tally/signing-key";
    private static final String KEY = "cold-start-harness-signing-key-0123456789";

    private ColdStartHarness() {
    }

    /** {@code name=dir}, or {@code name=dir:untuned} (no exec wrapper, no bootstrap: what tuning saves). */
    record Variant(String name, Path directory, boolean tuned) {
        static Variant parse(String spec) {
            String[] nameAndDir = spec.split("=", 2);
            String[] dirAndMode = nameAndDir[1].split(":", 2);
            return new Variant(nameAndDir[0], Path.of(dirAndMode[0]),
                    !(dirAndMode.length > 1 && dirAndMode[1].equals("untuned")));
        }
    }

    record Sample(String variant, int environment, double initMs, double firstInvokeMs, double coldMs,
            double[] warmMs, double peakRssMb, int threads) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int environments = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        byte[] event = Files.readAllBytes(Path.of(args[3]));
        List<Variant> variants = Arrays.stream(args, 4, args.length).map(Variant::parse).toList();
        Files.createDirectories(out);

        List<Sample> samples = new ArrayList<>();
        try (MotoServer moto = MotoServer.start()) {
            moto.createSigningKeySecret(SECRET, KEY);
            for (int round = 0; round < environments; round++) {
                // Interleaved, so drift in the machine's load touches every variant alike.
                for (Variant variant : variants) {
                    int warmHere = round == environments - 1 ? warm : 0;
                    Sample sample = measure(variant, round, warmHere, event, moto);
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "%-14s env %2d: init %7.1f ms, first invoke %6.1f ms, cold %7.1f ms%n",
                            variant.name(), round, sample.initMs(), sample.firstInvokeMs(), sample.coldMs());
                }
            }
        }
        writeCsv(out.resolve("cold-start-local.csv"), samples);
        String table = table(variants, samples, environments, warm);
        Files.writeString(out.resolve("cold-start-local.md"), table);
        chart(out.resolve("cold-start-local.png"), variants, samples);
        System.out.println();
        System.out.println(table);
    }

    private static Sample measure(Variant variant, int round, int warm, byte[] event, MotoServer moto) throws Exception {
        TimedRuntimeApi runtimeApi = new TimedRuntimeApi();
        runtimeApi.start(RuntimeApiClient.freePort());
        Path log = Files.createTempFile("tally-cold-start-" + variant.name(), ".log");
        RuntimeApiClient client = new RuntimeApiClient(runtimeApi.getPort());
        try (runtimeApi) {
            long exec = System.nanoTime();
            try (PackagedFunction function = PackagedFunction.start(variant.directory(), PackagedFunction.environment(
                    "127.0.0.1:" + runtimeApi.getPort() + TimedRuntimeApi.BASE_PATH, moto, SECRET), log, variant.tuned())) {
                invokeOnce(client, event, log);
                long answered = System.nanoTime();
                double[] warmMs = new double[warm];
                for (int i = 0; i < warm; i++) {
                    long start = System.nanoTime();
                    invokeOnce(client, event, log);
                    warmMs[i] = (System.nanoTime() - start) / 1e6;
                }
                if (!function.isAlive()) {
                    throw new IllegalStateException(variant.name() + " exited after answering:\n" + PackagedFunction.read(log));
                }
                return new Sample(variant.name(), round, (runtimeApi.firstNextNanos() - exec) / 1e6,
                        (runtimeApi.firstResponseNanos() - runtimeApi.firstNextNanos()) / 1e6, (answered - exec) / 1e6,
                        warmMs, function.peakRssKb() / 1024.0, function.threads());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void invokeOnce(RuntimeApiClient client, byte[] event, Path log) throws Exception {
        String answer = client.invoke(event);
        if (!answer.contains("\"status\":\"success\"")) {
            throw new IllegalStateException("answer: " + answer + "\n" + PackagedFunction.read(log));
        }
    }

    private static void writeCsv(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("variant,environment,init_ms,first_invoke_ms,cold_ms,peak_rss_mb,threads\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f,%.1f,%d%n", s.variant(), s.environment(),
                    s.initMs(), s.firstInvokeMs(), s.coldMs(), s.peakRssMb(), s.threads()));
        }
        Files.writeString(file, csv);
    }

    private static String table(List<Variant> variants, List<Sample> samples, int environments, int warm) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%d fresh environments per variant (interleaved), %d warm invocations on the last; "
                + "%s, %d CPUs, run on %s. Times in ms: p50 / p90 (p99 for warm).%n%n",
                environments, warm, System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), LocalDate.now()));
        md.append("| variant | init | first invocation | cold (exec to answer) | warm p50 / p90 / p99 | peak RSS (MB) | threads |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Variant variant : variants) {
            List<Sample> mine = samples.stream().filter(s -> s.variant().equals(variant.name())).toList();
            double[] warmMs = mine.stream().flatMapToDouble(s -> Arrays.stream(s.warmMs())).toArray();
            Sample last = mine.getLast();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f / %.2f / %.2f | %.1f | %d |%n", variant.name(),
                    p50p90(mine.stream().mapToDouble(Sample::initMs).toArray()),
                    p50p90(mine.stream().mapToDouble(Sample::firstInvokeMs).toArray()),
                    p50p90(mine.stream().mapToDouble(Sample::coldMs).toArray()),
                    Percentiles.of(warmMs, 50), Percentiles.of(warmMs, 90), Percentiles.of(warmMs, 99), last.peakRssMb(), last.threads()));
        }
        return md.toString();
    }

    private static void chart(Path file, List<Variant> variants, List<Sample> samples) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500)
                .title("Cold start, median of fresh environments (local, through a Lambda runtime API)")
                .xAxisTitle("variant").yAxisTitle("ms").build();
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("init", new double[variants.size()]);
        series.put("first invocation", new double[variants.size()]);
        series.put("cold (exec to answer)", new double[variants.size()]);
        for (int i = 0; i < variants.size(); i++) {
            String name = variants.get(i).name();
            List<Sample> mine = samples.stream().filter(s -> s.variant().equals(name)).toList();
            series.get("init")[i] = Percentiles.of(mine.stream().mapToDouble(Sample::initMs).toArray(), 50);
            series.get("first invocation")[i] = Percentiles.of(mine.stream().mapToDouble(Sample::firstInvokeMs).toArray(), 50);
            series.get("cold (exec to answer)")[i] = Percentiles.of(mine.stream().mapToDouble(Sample::coldMs).toArray(), 50);
        }
        List<String> names = variants.stream().map(Variant::name).toList();
        series.forEach((name, values) -> chart.addSeries(name, names, Arrays.stream(values).boxed().toList()));
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String p50p90(double[] values) {
        return String.format(Locale.ROOT, "%.1f / %.1f", Percentiles.of(values, 50), Percentiles.of(values, 90));
    }


}
