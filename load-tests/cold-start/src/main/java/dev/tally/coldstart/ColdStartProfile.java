package dev.tally.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a cold start's CPU goes, beside the JVM's floor: async-profiler's collapsed stacks of fresh environments
 * (exec to the first answer) of each variant, the main thread's samples put in the first part of the start whose
 * frame they hold, and the JIT compiler threads' apart, as they run beside the main thread.
 *
 * <p>Usage: {@code ColdStartProfile <out.md> <interval-us> <command> <variant>=<dir>...}, one collapsed file an
 * environment in each directory, profiled with {@code threads}; the first variant is the one profiled, the last
 * its floor.
 */
public final class ColdStartProfile {
    /** The parts, most specific first: a stack counts for the first whose frame pattern it holds. */
    private static final Map<String, Pattern> PARTS = parts(
            "TLS trust store, read when the SDK's HTTP client is built", "TrustManagerFactory\\.init",
            "TLS context, the rest", "javax/net/ssl/SSLContext",
            "Secrets Manager client, the rest of its construction", "SdkDefaultClientBuilder\\.build",
            "GetSecretValue: init's rehearsal from memory and the first request's (signing, HTTP, JSON)",
            "SecretsManagerClient\\.getSecretValue",
            "HMAC provider lookup (first Mac.getInstance)", "javax/crypto/Mac\\.getInstance",
            "the runtime interface client's reflective call of the handler (its method handles)",
            "java/lang/reflect/Method\\.acquireMethodAccessor",
            "JDK 25 BigDecimal static initializer (first JSON parser)", "java/math/BigDecimal\\.<clinit>",
            "Lambda extension's ObjectMapper with Joda-Time (static init)", "AmazonLambdaMapperRecorder\\.initObjectMapper",
            "priming in init, the rest of the request path's rounds", "Priming\\.prime\\b",
            "priming in init, the rest of readying the key source", "SecretsManagerKeyRing\\.prepare",
            "Quarkus config, static and runtime", "generated/Config\\.(staticInitConfig|runtimeConfig)",
            "Quarkus, the rest of its start (CDI, logging, recorders)", "QuarkusStreamHandler\\.<init>|TallyStreamHandler\\.<init>",
            "handler, the rest of the first invocation", "QuarkusStreamHandler\\.handleRequest|HelloStreamHandler\\.handleRequest",
            "runtime interface client start (logger lookup, native library)", "AWSLambda\\.<clinit>|NativeClient\\.init",
            "runtime interface client, the rest", "com/amazonaws/services/lambda/runtime/api/client/",
            "JVM start, class linking and the rest", "");
    private static final String FIRST_INVOCATION = "of it, after init: the first invocation (the runtime interface client's loop)";
    private static final String COMPILERS = "JIT compiler threads, beside it";

    private ColdStartProfile() {
    }

    /** Milliseconds of sampled CPU an environment, by part, of one variant's profiles. */
    private record Profile(String variant, int environments, Map<String, Double> ms) {
        static Profile read(String variant, Path directory, double intervalMs) throws IOException {
            List<Path> files;
            try (var listing = Files.list(directory)) {
                files = listing.filter(file -> file.toString().endsWith(".collapsed")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("no profiles in " + directory);
            }
            Map<String, Double> ms = new LinkedHashMap<>();
            PARTS.keySet().forEach(part -> ms.put(part, 0.0));
            ms.put(FIRST_INVOCATION, 0.0);
            ms.put(COMPILERS, 0.0);
            double perSample = intervalMs / files.size();
            for (Path file : files) {
                for (String line : Files.readAllLines(file)) {
                    int space = line.lastIndexOf(' ');
                    String stack = line.substring(0, space);
                    double sampled = Long.parseLong(line.substring(space + 1)) * perSample;
                    if (stack.startsWith("[main ")) {
                        ms.merge(partOf(stack), sampled, Double::sum);
                        if (stack.contains("AWSLambda.startRuntimeLoop")) {
                            ms.merge(FIRST_INVOCATION, sampled, Double::sum);
                        }
                    } else if (stack.startsWith("[C1 CompilerThre") || stack.startsWith("[C2 CompilerThre")
                            || stack.startsWith("[Training replay")) {
                        ms.merge(COMPILERS, sampled, Double::sum);
                    }
                }
            }
            return new Profile(variant, files.size(), ms);
        }

        double mainThread() {
            return PARTS.keySet().stream().mapToDouble(ms::get).sum();
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        double intervalMs = Integer.parseInt(args[1]) / 1000.0;
        String command = args[2];
        List<Profile> profiles = new ArrayList<>();
        for (String variant : Arrays.copyOfRange(args, 3, args.length)) {
            int equals = variant.indexOf('=');
            profiles.add(Profile.read(variant.substring(0, equals), Path.of(variant.substring(equals + 1)), intervalMs));
        }
        Profile profiled = profiles.getFirst();
        Profile floor = profiles.getLast();

        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, """
                # Where a %s cold start's CPU goes, beside the JVM's floor

                Generated by `%s` on %s at commit %s: async-profiler (CPU samples every %d µs, per thread) on fresh
                environments, interleaved, of the `%s` package (%d) and of the %s (%d: a hello-world handler on the same
                jlinked JDK, runtime interface client and JVM options, with its own AOT cache), each from exec to its first
                answer to `events/batch.json` (the package's key fetched from moto_server over HTTP), as `ColdStartHarness`
                starts them: at 1,024 MB, the function alone under a cgroup quota of 57.9 %% of a vCPU once initialised and a
                full vCPU in init, through Quarkus' mock runtime API (AWS's emulator stops the function before the profiler
                writes its samples); %s, %d CPUs. Milliseconds are sampled CPU time an environment, with the profiler's own
                overhead in them: read the differences and the shares.

                | part of the start (main thread) | %s (ms) | %s (ms) | above the floor (ms) | share of %s |
                |---|---|---|---|---|
                """, profiled.variant(), command, LocalDate.now(), System.getProperty("tally.commit", "unrecorded"),
                Math.round(intervalMs * 1000), profiled.variant(), profiled.environments(), floor.variant(),
                floor.environments(), System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                profiled.variant(), floor.variant(), profiled.variant()));
        double total = profiled.mainThread();
        for (String part : PARTS.keySet()) {
            row(md, part, profiled.ms().get(part), floor.ms().get(part), String.format(Locale.ROOT, "%.0f%%", 100 * profiled.ms().get(part) / total));
        }
        row(md, "**main thread**", total, floor.mainThread(), "100%");
        row(md, FIRST_INVOCATION, profiled.ms().get(FIRST_INVOCATION), floor.ms().get(FIRST_INVOCATION),
                String.format(Locale.ROOT, "%.0f%%", 100 * profiled.ms().get(FIRST_INVOCATION) / total));
        row(md, COMPILERS, profiled.ms().get(COMPILERS), floor.ms().get(COMPILERS), "");
        Files.writeString(out, md);
        System.out.print(md);
    }

    private static void row(StringBuilder md, String part, double profiled, double floor, String share) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f | %s |%n", part, profiled, floor, profiled - floor, share));
    }

    private static String partOf(String stack) {
        for (Map.Entry<String, Pattern> part : PARTS.entrySet()) {
            if (part.getValue().matcher(stack).find()) {
                return part.getKey();
            }
        }
        throw new IllegalStateException("the last part matches every stack");
    }

    private static Map<String, Pattern> parts(String... namesAndPatterns) {
        Map<String, Pattern> parts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPatterns.length; i += 2) {
            parts.put(namesAndPatterns[i], Pattern.compile(namesAndPatterns[i + 1]));
        }
        return parts;
    }
}
