import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Trains the jvm-aot package's AOT cache (JEP 483, 514, 515: classes loaded and linked, method profiles) on real
 * invocations of the package itself: started by its bootstrap as Lambda starts it, its first request fetching
 * the signing key from Secrets Manager, then each kind of request a hundred times. The JVM writes the cache when
 * the function exits. Lambda's runtime API and Secrets Manager's GetSecretValue stand in on 127.0.0.1, each on
 * the JDK's own HTTP server, so the build needs a JDK 25 and nothing else.
 *
 * <p>Usage, as a source-file program: {@code java TrainAotCache.java PACKAGE CACHE EVENT...}
 */
public final class TrainAotCache {
    private static final int ROUNDS = 100;
    private static final String SECRET = "tally/signing-key";
    /** What the JDK prints once the child JVM it starts at exit has written the cache. */
    private static final String COMPLETE = "AOTCache creation is complete";

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        List<byte[]> events = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            events.add(Files.readAllBytes(Path.of(args[i])));
        }
        events.add("{\"transactions\":[{\"id\":1}]}".getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(cache);

        RuntimeApi runtimeApi = new RuntimeApi();
        HttpServer secretsManager = secretsManager();
        Path log = Files.createTempFile("tally-aot-training", ".log");
        ProcessBuilder function = new ProcessBuilder(task.resolve("bootstrap").toString()).directory(task.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        function.environment().clear();
        function.environment().putAll(Map.of(
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "LAMBDA_TASK_ROOT", task.toString(),
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApi.server.getAddress().getPort(),
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256",
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "training", "AWS_SECRET_ACCESS_KEY", "training", "AWS_SESSION_TOKEN", "training",
                "TZ", ":UTC",
                "TALLY_SIGNING_KEY_SECRET_ID", SECRET));
        function.environment().put("TALLY_SIGNING_KEY_ENDPOINT", "http://127.0.0.1:" + secretsManager.getAddress().getPort());
        function.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTCacheOutput=" + cache);
        Process process = function.start();
        try {
            for (int i = 0; i < ROUNDS; i++) {
                for (byte[] event : events) {
                    runtimeApi.invoke(event, process, log);
                }
            }
            process.destroy();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the function did not exit within 5 minutes of SIGTERM");
            }
            String output = Files.readString(log);
            Path config = cache.resolveSibling(cache.getFileName() + ".config");
            if (!output.contains(COMPLETE) || !Files.isRegularFile(cache) || Files.exists(config)) {
                throw new IllegalStateException("the AOT cache was not written whole (exit " + process.exitValue()
                        + "); the function's log:\n" + output);
            }
        } finally {
            process.destroyForcibly();
            runtimeApi.server.stop(0);
            secretsManager.stop(0);
        }
        System.out.printf("AOT cache %s: %.1f MB after %d invocations%n", cache, Files.size(cache) / 1e6, ROUNDS * events.size());
    }

    /** Lambda's runtime API, as far as a function that answers every event uses it. */
    private static final class RuntimeApi {
        final HttpServer server;
        private record Event(String id, byte[] body) {
        }

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Map<String, CompletableFuture<Integer>> answers = new ConcurrentHashMap<>();

        RuntimeApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/2018-06-01/runtime/", this::handle);
            // Virtual threads: the handler a last poll leaves waiting for an event keeps no JVM alive.
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }

        /** Hands the function one event and waits for its answer; fails on an error, a crash or two minutes' silence. */
        void invoke(byte[] event, Process function, Path log) throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<Integer> answered = new CompletableFuture<>();
            answers.put(id, answered);
            events.put(new Event(id, event));
            for (int waited = 0; !answered.isDone(); waited++) {
                if (!function.isAlive() || waited == 120) {
                    throw new IllegalStateException((function.isAlive() ? "no answer in two minutes" : "the function exited")
                            + "; its log:\n" + Files.readString(log));
                }
                try {
                    answered.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillWorking) {
                    // Checked again: alive, and within the two minutes.
                }
            }
            if (answered.get() != 0) {
                throw new IllegalStateException("the function answered an event with an error; its log:\n" + Files.readString(log));
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] sent = body.readAllBytes();
                if (path.endsWith("/invocation/next")) {
                    Event next = events.take();
                    exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.id());
                    exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
                    exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                            "arn:aws:lambda:eu-west-1:123456789012:function:tally-training");
                    exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
                    respond(exchange, 200, next.body());
                } else if (path.endsWith("/response") || path.endsWith("/error")) {
                    String id = path.split("/")[4];
                    answers.remove(id).complete(path.endsWith("/response") ? 0 : 1);
                    respond(exchange, 202, "{}");
                } else {
                    System.err.println("the function reported an init error: " + new String(sent, StandardCharsets.UTF_8));
                    respond(exchange, 202, "{}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Secrets Manager's GetSecretValue for the secret's current version, the only call the training makes. */
    private static HttpServer secretsManager() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String version = UUID.randomUUID().toString();
        server.createContext("/", exchange -> {
            try (exchange) {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (!"secretsmanager.GetSecretValue".equals(target) || request.contains("AWSPREVIOUS")) {
                    respond(exchange, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such version\"}");
                    return;
                }
                respond(exchange, 200, "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + SECRET + "-AbCdEf\","
                        + "\"Name\":\"" + SECRET + "\",\"VersionId\":\"" + version + "\","
                        + "\"SecretString\":\"{\\\"signingKey\\\":\\\"aot-training-signing-key-0123456789abcdef\\\"}\","
                        + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7956E9}");
            }
        });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
