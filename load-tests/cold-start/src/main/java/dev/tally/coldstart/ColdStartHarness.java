package dev.tally.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction.Launch;
import dev.tally.fixtures.PackagedFunction;

/**
 * lambda-perf's method, locally, at the CPU Lambda gives: for each memory size, init mode and variant, N fresh
 * execution environments (a new process each), each started by an invocation as Lambda starts one, then warm
 * invocations of each event on the last environment. Every environment fetches its signing key lazily from a
 * local Secrets Manager (moto_server). The function's processes, and nothing else, run under a cgroup CPU
 * quota of memory / 1,769 MB of a vCPU ({@link CpuShare}, {@link CpuQuota}); on demand, init has a full vCPU
 * until the function first asks for an invocation. The runtime API is AWS's emulator when one is installed,
 * else Quarkus' mock ({@link LocalRuntime}); the tables say which, and which CPU ran.
 *
 * <p>Per environment: init, the first invocation's own duration, the client-observed cold start (the
 * process's start to the answer in the client's hands), the CPU time the process used in init and to that
 * answer. After each event's warm run on the last one: the runtime API's REPORT Duration and the client's
 * time per invocation, peak RSS and threads. Then the memory curve: each variant's cold start, warm latency
 * and cost per million requests against memory.
 *
 * <p>Usage: {@code ColdStartHarness <out-dir> <environments> <warm-invocations> <event.json>[,<event.json>...]
 * name=dir[:java25|:untuned] ...}. The first event starts the environments; {@code :java25} starts a JVM
 * package as the java25 runtime starts an untuned function, {@code :untuned} without the package's tuning.
 * {@code -Dtally.memory=256,512,1024,1769} (these by default) the memory sizes; {@code -Dtally.init=on-demand}
 * (default; also {@code init-at-share}, {@code provisioned-concurrency}, or a list) how init is given CPU;
 * {@code -Dtally.cpu.period-us=100000} the quota's period; {@code -Dtally.warmup=N} (0) invokes each event N
 * times more before its measured warm run, to measure the steady state rather than the first invocations.
 * Warm runs are on demand only: once initialised, the other modes run at the same share.
 */
public final class ColdStartHarness {
    private static final String SECRET = "tally/signing-key";
    private static final String KEY = "cold-start-harness-signing-key-0123456789";
    private static final String GO = "go";
    /** The JVM's floor: a hello-world handler on the jvm-aot package's runtime (load-tests/floor). */
    private static final String FLOOR = "floor";
    private static final String JVM_AOT = "jvm-aot";
    private static final int WARMUP = Integer.getInteger("tally.warmup", 0);
    /** AWS Lambda on arm64 in us-east-1, first tier (https://aws.amazon.com/lambda/pricing/). */
    static final double USD_PER_GB_SECOND = 0.0000133334;
    static final double USD_PER_MILLION_REQUESTS = 0.20;
    /** The share of requests that meet a cold start, for the cost per million requests. */
    static final double COLD_SHARE = 0.01;

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
        /** What Lambda would bill: the REPORT Duration, or the client's time where the runtime API has none. */
        double[] billedMs() {
            return Arrays.stream(durationMs).allMatch(Double::isNaN) ? clientMs : durationMs;
        }
    }

    record Sample(String variant, CpuShare share, int environment, double initMs, double firstInvocationMs, double coldMs,
            double initCpuMs, double cpuMs, List<Warm> warm) {
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
        List<CpuShare> shares = CpuShare.parse(System.getProperty("tally.memory", "256,512,1024,1769"),
                System.getProperty("tally.init", "on-demand"));
        LocalRuntime runtime = LocalRuntime.detect();
        System.out.println("runtime API: " + runtime.describe());
        Files.createDirectories(out);

        String loadBefore = loadAverage();
        String started = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
        Optional<CpuQuota> quota = quota();
        String cpu = quota.map(CpuQuota::describe).orElse("unthrottled: every process had the machine's "
                + Runtime.getRuntime().availableProcessors() + " CPUs, which no Lambda function has");
        System.out.println("CPU: " + cpu);
        List<Sample> samples = new ArrayList<>();
        try (MotoServer moto = MotoServer.start()) {
            moto.createSigningKeySecret(SECRET, KEY);
            for (int round = 0; round < environments; round++) {
                // Interleaved, so drift in the machine's load touches every variant and size alike.
                for (CpuShare share : shares) {
                    for (Variant variant : variants) {
                        // Warm runs on demand only: after init, the other modes run at the same share.
                        boolean last = round == environments - 1 && share.init() == CpuShare.Init.ON_DEMAND;
                        Sample sample = measure(runtime, quota, variant, share, round, last ? warm : 0, events, moto);
                        samples.add(sample);
                        System.out.printf(Locale.ROOT, "%-16s %-48s env %2d: init %7.1f ms, first invocation %7.1f ms, cold %7.1f ms, "
                                + "cpu %4.0f + %4.0f ms%n", variant.name(), share.describe(), round, sample.initMs(),
                                sample.firstInvocationMs(), sample.coldMs(), sample.initCpuMs(), sample.cpuMs() - sample.initCpuMs());
                    }
                }
            }
        } finally {
            if (quota.isPresent()) {
                quota.get().close();
            }
        }
        writeCsv(out.resolve("cold-start-local.csv"), samples);
        String run = String.format(Locale.ROOT, "Run of %s (UTC) on commit %s; load average %s before, %s after.%n%n",
                started, System.getProperty("tally.commit", "unknown"), loadBefore, loadAverage());
        String tables = run + ratios(variants, shares, events, samples, warm) + tables(runtime, cpu, variants, shares, events, samples, environments, warm);
        Files.writeString(out.resolve("cold-start-local.md"), tables);
        chart(out.resolve("cold-start-local.png"), runtime, cpu, variants, shares, samples);
        System.out.println();
        System.out.println(tables);
    }

    /** The harness's own CPU quota group, where this machine lets one be made; why not, in one line, where not. */
    private static Optional<CpuQuota> quota() {
        try {
            return Optional.of(CpuQuota.create(Path.of("/sys/fs/cgroup"), "tally-harness-" + ProcessHandle.current().pid(),
                    Long.getLong("tally.cpu.period-us", CpuQuota.DEFAULT_PERIOD_MICROS)));
        } catch (IOException e) {
            System.out.println("CPU: no cgroup could be written here (" + e.getMessage() + "): this run is unthrottled");
            return Optional.empty();
        }
    }

    private static Sample measure(LocalRuntime runtime, Optional<CpuQuota> quota, Variant variant, CpuShare share, int round,
            int warm, List<Event> events, MotoServer moto) throws Exception {
        Map<String, String> environment = new HashMap<>(PackagedFunction.environment("unset", moto, SECRET));
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(share.memoryMb()));
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", share.init().initializationType());
        try (LocalRuntime.Environment function = runtime.start(variant.directory(), variant.launch(), environment, cpu(quota, share))) {
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
            Sample sample = new Sample(variant.name(), share, round, function.initMs(), function.firstInvocationMs(),
                    (answered - function.startNanos()) / 1e6, function.initCpuMs(), cpuMs, warmRuns);
            if (quota.isPresent()) {
                // Its shutdown is not measured: at 14.5 % of a vCPU a JVM takes seconds to stop.
                quota.get().limit(CpuShare.MAX_VCPUS);
            }
            return sample;
        }
    }

    /** The environment's CPU: its init's share now, the share itself from where init ends. */
    private static LocalRuntime.Cpu cpu(Optional<CpuQuota> quota, CpuShare share) throws IOException {
        if (quota.isEmpty()) {
            return LocalRuntime.Cpu.UNLIMITED;
        }
        CpuQuota group = quota.get();
        group.limit(share.initVcpus());
        return new LocalRuntime.Cpu() {
            @Override
            public List<String> prefix() {
                return group.enter();
            }

            @Override
            public void initEnded() throws IOException {
                group.limit(share.vcpus());
            }
        };
    }

    private static LocalRuntime.Invocation invokeOnce(LocalRuntime.Environment function, Event event) throws Exception {
        LocalRuntime.Invocation invocation = function.invoke(event.body());
        if (!invocation.answer().contains("\"status\":\"success\"")) {
            throw new IllegalStateException(event.name() + " answered: " + invocation.answer() + "\n" + function.log());
        }
        return invocation;
    }

    private static void writeCsv(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder("variant,memory_mb,init,vcpus,environment,init_ms,first_invocation_ms,cold_ms,"
                + "init_cpu_ms,cpu_ms\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.4f,%d,%.2f,%.2f,%.2f,%.0f,%.0f%n", s.variant(), s.share().memoryMb(),
                    s.share().init().label(), s.share().vcpus(), s.environment(), s.initMs(), s.firstInvocationMs(), s.coldMs(),
                    s.initCpuMs(), s.cpuMs()));
        }
        Files.writeString(file, csv);
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Each cold start as a multiple of the floor's and the Go twin's in the same round and size (measured one
     * after the other), p50 with p25 to p75 over the environments; what a run on another day compares.
     */
    private static String ratios(List<Variant> variants, List<CpuShare> shares, List<Event> events, List<Sample> samples,
            int warm) {
        Optional<Variant> floor = variants.stream().filter(v -> v.name().equals(FLOOR)).findFirst();
        Optional<Variant> go = variants.stream().filter(v -> v.name().equals(GO)).findFirst();
        StringBuilder md = new StringBuilder("Cold start (start to answer) as a multiple of the floor's and of the Go twin's, "
                + "environment by environment (each against the floor's and Go's of the same round and size, started one after "
                + "the other): p50 [p25 to p75]. Absolute times (p50, ms) and CPU (p50, ms) beside them.\n\n");
        md.append("| init | variant | memory | cold (ms) | × floor | × Go | CPU in init (ms) | CPU, first invocation (ms) | "
                + "first invocation's CPU × floor's |\n|---|---|---|---|---|---|---|---|---|\n");
        for (CpuShare share : shares) {
            for (Variant variant : variants) {
                List<Sample> mine = of(samples, variant, share);
                md.append(String.format(Locale.ROOT, "| %s | %s | %,d MB | %.1f | %s | %s | %.0f | %.0f | %s |%n",
                        share.init().label(), variant.name(), share.memoryMb(), p50(mine, Sample::coldMs),
                        floor.map(f -> spread(pairwise(mine, of(samples, f, share), Sample::coldMs))).orElse("–"),
                        go.map(g -> spread(pairwise(mine, of(samples, g, share), Sample::coldMs))).orElse("–"),
                        p50(mine, Sample::initCpuMs), p50(mine, ColdStartHarness::firstInvocationCpuMs),
                        floor.map(f -> spread(pairwise(mine, of(samples, f, share), ColdStartHarness::firstInvocationCpuMs))).orElse("–")));
            }
        }
        String goals = goals(variants, shares, events, samples, warm, floor, go);
        md.append('\n').append(goals).append(goals.isEmpty() ? "" : "\n");
        return md.toString();
    }

    /** The goals of docs/benchmarks.md, met or missed in this run, by how much; nothing when the run has no jvm-aot. */
    private static String goals(List<Variant> variants, List<CpuShare> shares, List<Event> events, List<Sample> samples,
            int warm, Optional<Variant> floor, Optional<Variant> go) {
        Optional<Variant> aot = variants.stream().filter(v -> v.name().equals(JVM_AOT)).findFirst();
        Optional<CpuShare> at256 = shares.stream().filter(s -> s.memoryMb() == 256 && s.init() == CpuShare.Init.ON_DEMAND).findFirst();
        Optional<CpuShare> at1024 = shares.stream().filter(s -> s.memoryMb() == 1_024 && s.init() == CpuShare.Init.ON_DEMAND).findFirst();
        StringBuilder md = new StringBuilder();
        if (aot.isPresent() && floor.isPresent() && at256.isPresent()) {
            double[] cold = pairwise(of(samples, aot.get(), at256.get()), of(samples, floor.get(), at256.get()), Sample::coldMs);
            double[] first = pairwise(of(samples, aot.get(), at256.get()), of(samples, floor.get(), at256.get()),
                    ColdStartHarness::firstInvocationCpuMs);
            md.append(goal("jvm-aot cold start ≤ 3× the floor's, 256 MB on demand", cold, 3));
            md.append(goal("jvm-aot first invocation's CPU ≤ 2× the floor's, 256 MB on demand", first, 2));
        }
        if (aot.isPresent() && go.isPresent() && at1024.isPresent() && warm > 0) {
            double mine = Percentiles.of(of(samples, aot.get(), at1024.get()).getLast().warm().getFirst().billedMs(), 50);
            double gos = Percentiles.of(of(samples, go.get(), at1024.get()).getLast().warm().getFirst().billedMs(), 50);
            md.append(String.format(Locale.ROOT, "| jvm-aot warm p50 of %s over an environment's first %,d invocations ≤ 1.2× "
                    + "the Go twin's, 1,024 MB | %.2f× (%.2f against %.2f ms) | %s |%n", events.getFirst().name(), warm, mine / gos,
                    mine, gos, mine / gos <= 1.2 ? "met" : String.format(Locale.ROOT, "missed by %.2f×", mine / gos - 1.2)));
        }
        return md.isEmpty() ? "" : "| goal | this run | |\n|---|---|---|\n" + md;
    }

    private static String goal(String name, double[] ratios, double bound) {
        double p50 = Percentiles.of(ratios, 50);
        return String.format(Locale.ROOT, "| %s | %s | %s |%n", name, spread(ratios),
                p50 <= bound ? "met" : String.format(Locale.ROOT, "missed by %.2f×", p50 - bound));
    }

    /** The CPU a cold start spent after init: the first invocation's. */
    private static double firstInvocationCpuMs(Sample sample) {
        return sample.cpuMs() - sample.initCpuMs();
    }

    /** Round by round, {@code metric} of each sample over the reference's of the same round. */
    private static double[] pairwise(List<Sample> samples, List<Sample> reference, ToDoubleFunction<Sample> metric) {
        return samples.stream().mapToDouble(s -> metric.applyAsDouble(s) / reference.stream()
                .filter(r -> r.environment() == s.environment()).mapToDouble(metric).findFirst().orElse(Double.NaN)).toArray();
    }

    /** p50 [p25 to p75]. */
    private static String spread(double[] values) {
        return String.format(Locale.ROOT, "%.2f [%.2f–%.2f]", Percentiles.of(values, 50), Percentiles.of(values, 25),
                Percentiles.of(values, 75));
    }

    private static String tables(LocalRuntime runtime, String cpu, List<Variant> variants, List<CpuShare> shares,
            List<Event> events, List<Sample> samples, int environments, int warm) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Runtime API: %s. CPU: %s; a function of M MB had M / 1,769 of a vCPU "
                + "(configuration-memory.html), and on demand a full vCPU until its first request for an invocation. "
                + "%d fresh environments per variant and size (interleaved), started by %s; %d warm invocations of each "
                + "event on the last. %s, %d CPUs, run on %s. Times in ms, p50 / p90.%n%n",
                runtime.describe(), cpu, environments, events.getFirst().name(), warm, System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), LocalDate.now()));
        md.append("Variants: ").append(String.join("; ", variants.stream().map(v -> v.name() + ", " + launch(v)).toList()))
                .append(".\n\n");
        for (CpuShare.Init init : shares.stream().map(CpuShare::init).distinct().toList()) {
            List<CpuShare> these = shares.stream().filter(s -> s.init() == init).toList();
            md.append("### ").append(init.label()).append("\n\n");
            md.append("| variant | memory | CPU | init | first invocation | cold (start to answer) | CPU in init / first invocation (p50) |\n");
            md.append("|---|---|---|---|---|---|---|\n");
            for (Variant variant : variants) {
                for (CpuShare share : these) {
                    List<Sample> mine = of(samples, variant, share);
                    md.append(String.format(Locale.ROOT, "| %s | %,d MB | %s | %s | %s | %s | %.0f / %.0f |%n", variant.name(),
                            share.memoryMb(), CpuShare.percentOfVcpu(share.vcpus()), p50p90(mine, Sample::initMs),
                            p50p90(mine, Sample::firstInvocationMs), p50p90(mine, Sample::coldMs), p50(mine, Sample::initCpuMs),
                            p50(mine, s -> s.cpuMs() - s.initCpuMs())));
                }
            }
            if (warm > 0 && init == CpuShare.Init.ON_DEMAND) {
                md.append(String.format(Locale.ROOT, "%nWarm, per event: p50 / p90 / p99 of %d invocations%s in ms (REPORT "
                        + "Duration, then as the client saw it); peak RSS and threads after that event's run.%n%n", warm,
                        WARMUP == 0 ? "" : String.format(Locale.ROOT, ", after %d more not counted", WARMUP)));
                md.append("| variant | memory | event | Duration | client | peak RSS (MB) | threads |\n|---|---|---|---|---|---|---|\n");
                for (Variant variant : variants) {
                    for (CpuShare share : these) {
                        List<Warm> runs = of(samples, variant, share).getLast().warm();
                        for (int e = 0; e < events.size(); e++) {
                            Warm run = runs.get(e);
                            md.append(String.format(Locale.ROOT, "| %s | %,d MB | %s | %s | %s | %.1f | %d |%n", variant.name(),
                                    share.memoryMb(), events.get(e).name(), p50p90p99(run.durationMs()), p50p90p99(run.clientMs()),
                                    run.peakRssMb(), run.threads()));
                        }
                    }
                }
                md.append(curve(variants, these, events, samples));
            }
            md.append('\n');
        }
        return md.toString();
    }

    /**
     * The memory curve, as AWS Lambda Power Tuning draws one: per variant and size, the cold start, the warm
     * latency of the first event, and what a million requests cost when 1 % of them meet a cold start.
     */
    private static String curve(List<Variant> variants, List<CpuShare> shares, List<Event> events, List<Sample> samples) {
        Optional<Variant> go = variants.stream().filter(v -> v.name().equals(GO)).findFirst();
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%nThe memory curve: cold start (p50), warm %s "
                + "(p50 / p99 of what Lambda would bill: REPORT Duration, else the client's time), and USD per million requests "
                + "with %.0f %% cold starts: $%.2f a million requests and $%.10f a GB-second (arm64, us-east-1), each duration "
                + "rounded up to the ms, the cold ones' init billed too (as Lambda bills every init since 2025-08-01).%s%n%n",
                events.getFirst().name(), COLD_SHARE * 100, USD_PER_MILLION_REQUESTS, USD_PER_GB_SECOND,
                go.isPresent() ? " × Go: the same figure as a multiple of the Go twin's at that size." : ""));
        md.append("| variant | memory | cold | × Go | warm p50 / p99 | × Go (p50) | USD per million | × Go |\n|---|---|---|---|---|---|---|---|\n");
        for (Variant variant : variants) {
            for (CpuShare share : shares) {
                List<Sample> mine = of(samples, variant, share);
                Optional<List<Sample>> gos = go.map(g -> of(samples, g, share));
                double[] billed = mine.getLast().warm().getFirst().billedMs();
                md.append(String.format(Locale.ROOT, "| %s | %,d MB | %.1f | %s | %.2f / %.2f | %s | %.2f | %s |%n", variant.name(),
                        share.memoryMb(), p50(mine, Sample::coldMs), times(p50(mine, Sample::coldMs), gos.map(g -> p50(g, Sample::coldMs))),
                        Percentiles.of(billed, 50), Percentiles.of(billed, 99),
                        times(Percentiles.of(billed, 50), gos.map(g -> Percentiles.of(g.getLast().warm().getFirst().billedMs(), 50))),
                        costPerMillion(share.memoryMb(), billed, mine),
                        times(costPerMillion(share.memoryMb(), billed, mine),
                                gos.map(g -> costPerMillion(share.memoryMb(), g.getLast().warm().getFirst().billedMs(), g)))));
            }
        }
        return md.toString();
    }

    /** USD a million requests cost at {@code memoryMb}: warm ones as billed, cold ones' init and first invocation. */
    static double costPerMillion(int memoryMb, double[] warmBilledMs, List<Sample> cold) {
        double warmMs = Arrays.stream(warmBilledMs).map(Math::ceil).average().orElse(Double.NaN);
        double coldMs = Percentiles.of(cold.stream().mapToDouble(s -> Math.ceil(s.initMs() + s.firstInvocationMs())).toArray(), 50);
        double gbSeconds = memoryMb / 1024.0 * ((1 - COLD_SHARE) * warmMs + COLD_SHARE * coldMs) / 1000 * 1e6;
        return USD_PER_MILLION_REQUESTS + gbSeconds * USD_PER_GB_SECOND;
    }

    private static String times(double value, Optional<Double> go) {
        return go.map(g -> String.format(Locale.ROOT, "%.2f", value / g)).orElse("–");
    }

    private static String launch(Variant variant) {
        return switch (variant.launch()) {
            case PACKAGED -> "its bootstrap or exec wrapper";
            case JAVA25_RUNTIME -> "as the java25 runtime starts an untuned function: java "
                    + String.join(" ", PackagedFunction.java25RuntimeOptions("<memory>"));
            case UNTUNED -> "bare process, no tuning";
        };
    }

    private static List<Sample> of(List<Sample> samples, Variant variant, CpuShare share) {
        return samples.stream().filter(s -> s.variant().equals(variant.name()) && s.share().equals(share)).toList();
    }

    /** Cold start against memory, a line per variant and init mode. */
    private static void chart(Path file, LocalRuntime runtime, String cpu, List<Variant> variants, List<CpuShare> shares,
            List<Sample> samples) {
        XYChart chart = new XYChartBuilder().width(900).height(520)
                .title("Cold start (p50) at Lambda's CPU share, " + (runtime instanceof AwsEmulator ? "AWS's emulator" : "mock runtime API")
                        + (cpu.startsWith("unthrottled") ? ", UNTHROTTLED" : ""))
                .xAxisTitle("memory (MB); CPU = memory / 1,769 of a vCPU").yAxisTitle("ms, start to answer (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        for (CpuShare.Init init : shares.stream().map(CpuShare::init).distinct().toList()) {
            List<CpuShare> these = shares.stream().filter(s -> s.init() == init).toList();
            for (Variant variant : variants) {
                chart.addSeries(variant.name() + (init == CpuShare.Init.ON_DEMAND ? "" : " (" + init.label() + ")"),
                        these.stream().map(CpuShare::memoryMb).toList(),
                        these.stream().map(s -> p50(of(samples, variant, s), Sample::coldMs)).toList());
            }
        }
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double p50(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        return Percentiles.of(samples.stream().mapToDouble(metric).toArray(), 50);
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
