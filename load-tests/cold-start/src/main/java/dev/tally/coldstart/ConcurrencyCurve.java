package dev.tally.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.RuntimeApiClient;

/**
 * Per-environment throughput and latency against concurrency, as on Lambda Managed Instances, the way the
 * Go world measures GOMAXPROCS: for each package, event and concurrency N, a fresh environment under AWS's
 * emulator in its Managed Instances mode ({@code AWS_LAMBDA_MAX_CONCURRENCY=N}: N runtime workers, and a
 * 400 when none is idle), its function pinned to one CPU (one vCPU at 2 GB and 2 GiB per vCPU), N clients
 * each sending its next request when the last is answered, for a warm-up and then a measured interval.
 *
 * <p>The emulator's Managed Instances mode (v1.30) starts only {@code /var/task/bootstrap}: each package is
 * linked there in turn, so the tool needs {@code /var/task} to be its to replace (a container, or a machine
 * of its own). The clients and the emulator share the other CPU.
 *
 * <p>Usage: {@code ConcurrencyCurve <out-dir> <warm-up-s> <measure-s> <event.json>[,...] <1,2,4,...> name=dir ...}
 * with {@code TALLY_RIE} naming the emulator.
 */
public final class ConcurrencyCurve {
    private static final String SECRET = "tally/signing-key";
    private static final String KEY = "concurrency-curve-signing-key-0123456789";
    private static final Path TASK = Path.of("/var/task");
    private static final int MEMORY_MB = 2048;
    private static final int GIB_PER_VCPU = 2;
    private static final String FUNCTION_CPU = "1";
    private static final String PLATFORM_CPU = "0";

    private ConcurrencyCurve() {
    }

    record Point(String variant, String event, int concurrency, long answered, long resent, double seconds,
            double p50Ms, double p99Ms, double functionCpuSeconds) {
        double perSecond() {
            return answered / seconds;
        }

        /** Answers per second of the function's own CPU time: its throughput per vCPU, busy or not. */
        double perCpuSecond() {
            return answered / functionCpuSeconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Duration warmUp = Duration.ofSeconds(Long.parseLong(args[1]));
        Duration measure = Duration.ofSeconds(Long.parseLong(args[2]));
        List<Path> events = Arrays.stream(args[3].split(",")).map(Path::of).toList();
        int[] concurrencies = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        Map<String, Path> variants = new LinkedHashMap<>();
        for (int i = 5; i < args.length; i++) {
            String[] spec = args[i].split("=", 2);
            variants.put(spec[0], Path.of(spec[1]).toAbsolutePath());
        }
        Path emulator = Path.of(System.getenv("TALLY_RIE"));
        Files.createDirectories(out);

        List<Point> points = new ArrayList<>();
        try (MotoServer moto = MotoServer.start()) {
            moto.createSigningKeySecret(SECRET, KEY);
            for (Path event : events) {
                byte[] body = Files.readAllBytes(event);
                for (int concurrency : concurrencies) {
                    // Interleaved by concurrency, so drift in the machine's load touches every package alike.
                    for (Map.Entry<String, Path> variant : variants.entrySet()) {
                        Point point = measure(emulator, variant.getKey(), variant.getValue(), event.getFileName().toString(),
                                body, concurrency, warmUp, measure, moto);
                        points.add(point);
                        System.out.printf(Locale.ROOT, "%-8s %-16s N=%3d: %8.0f answers/s, %8.0f per CPU-second, p50 %6.2f ms, "
                                + "p99 %7.2f ms, resent %d%n", point.variant(), point.event(), concurrency, point.perSecond(),
                                point.perCpuSecond(), point.p50Ms(), point.p99Ms(), point.resent());
                    }
                }
            }
        }
        String table = table(emulator, variants, events, points, warmUp, measure);
        Files.writeString(out.resolve("concurrency-local.md"), table);
        chart(out.resolve("concurrency-local.png"), points);
        System.out.println();
        System.out.println(table);
    }

    private static Point measure(Path emulator, String variant, Path task, String eventName, byte[] body, int concurrency,
            Duration warmUp, Duration measure, MotoServer moto) throws Exception {
        Files.deleteIfExists(TASK);
        Files.createSymbolicLink(TASK, task);
        int invokePort = RuntimeApiClient.freePort();
        List<String> command = new ArrayList<>(List.of("taskset", "-c", PLATFORM_CPU));
        command.addAll(AwsEmulator.arguments(emulator, invokePort, RuntimeApiClient.freePort()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(TASK.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> variables = new HashMap<>(PackagedFunction.environment("unset", moto, SECRET));
        variables.putAll(Map.of("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_MB),
                "TALLY_MEMORY_PER_VCPU_GIB", Integer.toString(GIB_PER_VCPU),
                "AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(concurrency)));
        AwsEmulator.clean(builder, TASK, variables);
        Process process = builder.start();
        try {
            URI invoke = URI.create("http://127.0.0.1:" + invokePort + "/2015-03-31/functions/function/invocations");
            HttpClient ready = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!answers(ready, invoke, body)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant + " did not answer under the emulator");
                }
                Thread.sleep(50);
            }
            long function = process.children().findFirst().orElseThrow().pid();
            new ProcessBuilder("taskset", "-a", "-p", "-c", FUNCTION_CPU, Long.toString(function))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            return load(variant, eventName, invoke, body, concurrency, warmUp, measure, function);
        } finally {
            List<ProcessHandle> function = process.descendants().toList();
            process.destroy();
            function.forEach(ProcessHandle::destroy);
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle handle : function) {
                handle.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean answers(HttpClient client, URI invoke, byte[] body) {
        try {
            return client.send(HttpRequest.newBuilder(invoke).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body().contains("\"status\":\"success\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code concurrency} closed-loop clients; answers and latencies of the measured interval only. */
    private static Point load(String variant, String eventName, URI invoke, byte[] body, int concurrency, Duration warmUp,
            Duration measure, long function) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measure.toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        List<Future<ClientRun>> results = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            results.add(clients.submit(() -> {
                Client client = new Client(invoke, body);
                List<Double> latencies = new ArrayList<>();
                long resent = 0;
                for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                    // The emulator refuses (400) an invocation that arrives before a worker has asked for the
                    // next one, and does not queue it: sent again, its time counts from the first send.
                    HttpResponse<String> response = client.send();
                    long retries = 0;
                    while ((response == null || response.statusCode() == 400) && System.nanoTime() < end) {
                        retries++;
                        response = client.send();
                    }
                    if (response == null) {
                        break;
                    }
                    long answered = System.nanoTime();
                    if (response.statusCode() != 200 && answered < end) {
                        throw new IllegalStateException(response.statusCode() + ": " + response.body());
                    }
                    if (response.statusCode() == 200 && !response.body().contains("\"status\":\"success\"")) {
                        throw new IllegalStateException("answered: " + response.body());
                    }
                    if (now >= measureFrom && answered <= end) {
                        latencies.add((answered - now) / 1e6);
                        resent += retries;
                    }
                }
                return new ClientRun(latencies, resent);
            }));
        }
        TimeUnit.NANOSECONDS.sleep(measureFrom - System.nanoTime());
        double cpuFrom = Proc.cpuMs(function);
        TimeUnit.NANOSECONDS.sleep(end - System.nanoTime());
        double cpuMs = Proc.cpuMs(function) - cpuFrom;
        List<Double> latencies = new ArrayList<>();
        long resent = 0;
        for (Future<ClientRun> result : results) {
            latencies.addAll(result.get().latencies());
            resent += result.get().resent();
        }
        clients.shutdown();
        double[] values = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new Point(variant, eventName, concurrency, values.length, resent, measure.toNanos() / 1e9,
                Percentiles.of(values, 50), Percentiles.of(values, 99), cpuMs / 1000);
    }

    /** What one client saw in the measured interval: the latency of each answer, and the sends again. */
    private record ClientRun(List<Double> latencies, long resent) {
    }

    /**
     * One closed-loop client's connection. Now and then the emulator writes to a connection the client holds
     * idle ("Data received while in pool"), which fails the next send: the client starts a new connection
     * and the invocation counts as sent again.
     */
    private static final class Client {
        private final HttpRequest request;
        private HttpClient http = newHttp();

        Client(URI invoke, byte[] body) {
            this.request = HttpRequest.newBuilder(invoke).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }

        /** The answer, or null when the connection failed. */
        HttpResponse<String> send() throws InterruptedException {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException broken) {
                http.close();
                http = newHttp();
                return null;
            }
        }

        private static HttpClient newHttp() {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        }
    }

    private static String table(Path emulator, Map<String, Path> variants, List<Path> events, List<Point> points,
            Duration warmUp, Duration measure) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Runtime API: %s, Managed Instances mode. Each point a "
                + "fresh environment at %d MB and %d GiB a vCPU, its function pinned to one CPU; N closed-loop clients, "
                + "%d s of warm-up, then %d s measured; an invocation the emulator refuses for want of an idle worker is "
                + "sent again and timed from its first send. %s, %d CPUs, run on %s. Answers a second; answers per second of the function's own CPU time (its throughput per vCPU); client latency p50 / p99 in ms.%n%n",
                new AwsEmulator(emulator).describe(), MEMORY_MB, GIB_PER_VCPU, warmUp.toSeconds(), measure.toSeconds(),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), LocalDate.now()));
        for (Path event : events) {
            String name = event.getFileName().toString();
            md.append("| ").append(name).append(", N |");
            variants.keySet().forEach(v -> md.append(' ').append(v).append(" /s | ").append(v).append(" per CPU-s | ")
                    .append(v).append(" p50 / p99 |"));
            md.append("\n|---|").append("---|---|---|".repeat(variants.size())).append('\n');
            List<Integer> levels = points.stream().filter(p -> p.event().equals(name)).map(Point::concurrency).distinct().toList();
            for (int level : levels) {
                md.append("| ").append(level).append(" |");
                for (String variant : variants.keySet()) {
                    Point p = points.stream().filter(q -> q.event().equals(name) && q.variant().equals(variant)
                            && q.concurrency() == level).findFirst().orElseThrow();
                    md.append(String.format(Locale.ROOT, " %,.0f | %,.0f | %.2f / %.2f |", p.perSecond(), p.perCpuSecond(),
                            p.p50Ms(), p.p99Ms()));
                }
                md.append('\n');
            }
            md.append("\nBest:");
            for (String variant : variants.keySet()) {
                Point best = points.stream().filter(p -> p.event().equals(name) && p.variant().equals(variant))
                        .max(Comparator.comparingDouble(Point::perSecond)).orElseThrow();
                md.append(String.format(Locale.ROOT, " %s %,.0f/s at N=%d (%,.0f per CPU-second);", variant, best.perSecond(),
                        best.concurrency(), best.perCpuSecond()));
            }
            md.setLength(md.length() - 1);
            md.append(".\n\n");
        }
        return md.toString();
    }

    private static void chart(Path file, List<Point> points) {
        XYChart chart = new XYChartBuilder().width(900).height(500)
                .title("Answers a second per environment (one vCPU) against concurrency, AWS's emulator")
                .xAxisTitle("concurrency N").yAxisTitle("answers / s").build();
        chart.getStyler().setXAxisLogarithmic(true);
        points.stream().map(p -> p.variant() + ", " + p.event()).distinct().forEach(series -> {
            List<Point> mine = points.stream().filter(p -> (p.variant() + ", " + p.event()).equals(series)).toList();
            chart.addSeries(series, mine.stream().map(p -> (double) p.concurrency()).toList(),
                    mine.stream().map(Point::perSecond).toList());
        });
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
