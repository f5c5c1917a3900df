package dev.tally.coldstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tally.fixtures.MotoServer;
import dev.tally.fixtures.PackagedFunction;
import dev.tally.fixtures.TestVectors;
import dev.tally.fixtures.HttpApiEvents;
import dev.tally.fixtures.RuntimeApiClient;

/**
 * The packaged function under a long, mixed run through the Lambda runtime API: valid batches of 3 to
 * 10,000 transactions, direct and through the HTTP API envelope, verifications of its own receipts and of
 * versions that do not exist, every invalid vector, 404/405/415, bodies above 6 MB and batches of 100,001
 * transactions. Every kind is sent once first, then kinds are drawn at random (fixed seed). Every answer is
 * checked against what it must be; RSS is read from /proc as it goes.
 *
 * <p>With {@code --outage}, the local Secrets Manager is stopped at 40% of the run and started again
 * (empty, so the secret is created anew, as a new version) at 60%. The function's key lives 5 s, so it
 * must serve from its cached key through the outage, answer 503 with Retry-After only where it needs a
 * key it does not hold (a version named by a verify request), and pick up the new version without a
 * restart.
 *
 * <p>Usage: {@code Soak <package-dir> <invocations> <report.md> [--outage]}
 */
public final class Soak {
    private static final String SECRET = "tally/signing-key";
    private static final String KEY = "soak-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    private static final int RSS_BASELINE_AT = 1_000;
    /** One draw of each kind, sent first: the RSS at the 1,000th invocation has met the largest payloads. */
    private static final int[] EVERY_KIND_ONCE = {0, 4_000, 6_500, 7_300, 7_350, 8_150, 8_350, 9_850, 9_900, 9_990, 9_995};

    private final Random random = new Random(42);
    private final List<TestVectors.Invalid> invalid = TestVectors.invalid();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, Integer> unexpected = new TreeMap<>();
    private final byte[] batch3 = batch(3);
    private final byte[] batch1k = batch(1_000);
    private final byte[] batch10k = batch(10_000);
    private final byte[] over6Mb = oversize();
    private final byte[] batch100001 = batch(100_001);
    private JsonNode lastReceipt;
    /** The version Secrets Manager holds now, and whether the function has been seen signing with it. */
    private String storeVersion;
    private boolean functionOnStoreVersion = true;

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Path task = Path.of(args[0]);
        int invocations = Integer.parseInt(args[1]);
        Path report = Path.of(args[2]);
        boolean outage = args.length > 3 && args[3].equals("--outage");
        new Soak().run(task, invocations, report, outage);
    }

    private void run(Path task, int invocations, Path report, boolean outage) throws Exception {
        try (MotoServer moto = MotoServer.start(); TimedRuntimeApi runtimeApi = new TimedRuntimeApi()) {
            moto.createSigningKeySecret(SECRET, KEY);
            storeVersion = currentVersion(moto);
            int port = RuntimeApiClient.freePort();
            runtimeApi.start(port);
            Map<String, String> environment = new HashMap<>(PackagedFunction.environment(
                    "127.0.0.1:" + port + TimedRuntimeApi.BASE_PATH, moto, SECRET));
            environment.put("TALLY_SIGNING_KEY_TTL", "5s");
            Path log = Files.createTempFile("tally-soak", ".log");
            RuntimeApiClient client = new RuntimeApiClient(port);
            long rssBaseline = 0;
            long rssPeakAfterBaseline = 0;
            String firstVersion = null;
            String newVersion = null;
            int recoveredAt = -1;
            long restartedNanos = 0;
            long recoveredNanos = 0;
            long started = System.nanoTime();
            StringBuilder trend = new StringBuilder();
            try (PackagedFunction function = PackagedFunction.start(task, environment, log)) {
                for (int i = 1; i <= invocations; i++) {
                    if (outage && i == invocations * 4 / 10) {
                        moto.stop();
                    }
                    if (outage && i == invocations * 6 / 10) {
                        moto.restart();
                        moto.createSigningKeySecret(SECRET, KEY);
                        newVersion = currentVersion(moto);
                        storeVersion = newVersion;
                        functionOnStoreVersion = false;
                        restartedNanos = System.nanoTime();
                    }
                    String phase = !outage ? "soak"
                            : i < invocations * 4 / 10 ? "before" : i < invocations * 6 / 10 ? "outage" : "after";
                    int draw = i <= EVERY_KIND_ONCE.length ? EVERY_KIND_ONCE[i - 1] : random.nextInt(10_000);
                    String version = invoke(client, phase, draw);
                    if (firstVersion == null && version != null) {
                        firstVersion = version;
                    }
                    if (recoveredAt < 0 && newVersion != null && newVersion.equals(version)) {
                        functionOnStoreVersion = true;
                        recoveredAt = i;
                        recoveredNanos = System.nanoTime();
                    }
                    if (!function.isAlive()) {
                        throw new IllegalStateException("the function exited at invocation " + i + ":\n" + PackagedFunction.read(log));
                    }
                    if (i == RSS_BASELINE_AT) {
                        rssBaseline = Proc.rssKb(function.pid());
                    }
                    if (i > RSS_BASELINE_AT) {
                        rssPeakAfterBaseline = Math.max(rssPeakAfterBaseline, Proc.rssKb(function.pid()));
                    }
                    if (i % (invocations / 10) == 0) {
                        trend.append(String.format("| %,d | %.1f |%n", i, Proc.rssKb(function.pid()) / 1024.0));
                        System.out.printf("%,d invocations, RSS %.1f MB%n", i, Proc.rssKb(function.pid()) / 1024.0);
                    }
                }
                long rssLast = Proc.rssKb(function.pid());
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                String text = report(invocations, outage, took, rssBaseline, rssLast, rssPeakAfterBaseline, trend,
                        firstVersion, newVersion, recoveredAt, Duration.ofNanos(recoveredNanos - restartedNanos));
                Files.createDirectories(report.toAbsolutePath().getParent());
                Files.writeString(report, text);
                System.out.println(text);
                if (!unexpected.isEmpty()) {
                    System.exit(1);
                }
            }
        }
    }

    /** One invocation of the kind {@code draw} (0 to 9,999) picks; checks its answer, returns the key version it names. */
    private String invoke(RuntimeApiClient client, String phase, int draw) throws IOException, InterruptedException {
        if (draw < 4_000) {
            JsonNode receipt = expectReceipt(phase, "valid 3, direct", client.invoke(batch3), false);
            if (receipt != null) {
                lastReceipt = receiptAsRequest(receipt);
            }
            return receipt == null ? null : receipt.path("keyVersion").asText();
        } else if (draw < 6_500) {
            return version(expectReceipt(phase, "valid 3, HTTP API", client.invoke(http("/transactions", batch3)), true));
        } else if (draw < 7_300) {
            return version(expectReceipt(phase, "valid 1,000, HTTP API", client.invoke(http("/transactions", batch1k)), true));
        } else if (draw < 7_350) {
            return version(expectReceipt(phase, "valid 10,000, direct", client.invoke(batch10k), false));
        } else if (draw < 8_150) {
            // A restarted moto_server holds none of the versions before it. A receipt signed with one of those
            // verifies while the function still holds that key, and not once it has the store's new one (only
            // the current and previous versions verify); in between, the verification may be what refreshes it.
            boolean current = lastReceipt != null && lastReceipt.path("keyVersion").asText().equals(storeVersion);
            if (current) {
                expectVerification(client, phase, "verify own receipt", lastReceipt, true);
            } else {
                expectVerification(client, phase, "verify own receipt, its key gone from the store", lastReceipt,
                        functionOnStoreVersion ? Boolean.FALSE : null);
            }
        } else if (draw < 8_350) {
            ObjectNode unknown = lastReceipt == null ? null : lastReceipt.deepCopy();
            if (unknown != null) {
                unknown.put("keyVersion", UUID.randomUUID().toString());
            }
            expectVerification(client, phase, "verify unknown version", unknown, false);
        } else if (draw < 9_850) {
            TestVectors.Invalid vector = invalid.get(random.nextInt(invalid.size()));
            expectRefusal(phase, "invalid vector", client.invoke(http("/transactions",
                    vector.request().getBytes(StandardCharsets.UTF_8))), vector.error());
        } else if (draw < 9_900) {
            expectRefusal(phase, "404/405/415", client.invoke(http("/elsewhere", batch3)), "not_found");
        } else if (draw < 9_990) {
            expectRefusal(phase, "404/405/415", client.invoke(httpGet()), "method_not_allowed");
        } else if (draw < 9_995) {
            expectRefusal(phase, "body over 6 MB", client.invoke(over6Mb), "batch_too_large");
        } else {
            expectRefusal(phase, "100,001 transactions", client.invoke(batch100001), "batch_too_large");
        }
        return null;
    }

    /** The receipt, or null (counted as unexpected) when the batch was not answered. */
    private JsonNode expectReceipt(String phase, String kind, String answer, boolean http) throws IOException {
        JsonNode body = body(answer, http);
        boolean success = "success".equals(body.path("status").asText());
        count(phase, kind, success ? "200 success" : status(answer, http) + " " + body.path("error").asText(), success);
        return success ? body : null;
    }

    private static String version(JsonNode receipt) {
        return receipt == null ? null : receipt.path("keyVersion").asText();
    }

    /** @param valid the answer's {@code valid}, or null where either is right */
    private void expectVerification(RuntimeApiClient client, String phase, String kind, JsonNode request, Boolean valid)
            throws IOException, InterruptedException {
        if (request == null) {
            return;
        }
        String answer = client.invoke(http("/transactions/verify", TestVectors.JSON.writeValueAsBytes(request)));
        JsonNode body = body(answer, true);
        int status = status(answer, true);
        if (status == 503 && !Boolean.TRUE.equals(valid)) {
            boolean retryAfter = TestVectors.JSON.readTree(answer).at("/headers/retry-after").asInt() >= 1;
            count(phase, kind, "503 signing_key_unavailable" + (retryAfter ? ", Retry-After" : ", no Retry-After"),
                    retryAfter && !phase.equals("before"));
            return;
        }
        boolean expected = status == 200 && (valid == null || body.path("valid").asBoolean() == valid);
        count(phase, kind, status + " valid=" + body.path("valid").asText(body.path("error").asText()), expected);
    }

    private void expectRefusal(String phase, String kind, String answer, String error) throws IOException {
        boolean http = answer.startsWith("{\"statusCode\"");
        JsonNode body = body(answer, http);
        String got = body.path("error").asText();
        count(phase, kind, (http ? status(answer, true) + " " : "") + got, got.equals(error));
    }

    private void count(String phase, String kind, String outcome, boolean expected) {
        String key = phase + " | " + kind + " | " + outcome;
        outcomes.merge(key, 1, Integer::sum);
        if (!expected) {
            unexpected.merge(key, 1, Integer::sum);
        }
    }

    private static JsonNode body(String answer, boolean http) throws IOException {
        JsonNode node = TestVectors.JSON.readTree(answer);
        return http ? TestVectors.JSON.readTree(node.path("body").asText()) : node;
    }

    private static int status(String answer, boolean http) throws IOException {
        return http ? TestVectors.JSON.readTree(answer).path("statusCode").asInt() : 200;
    }

    /** The batch a receipt answered, with its signature and key version: a request to verify. */
    private ObjectNode receiptAsRequest(JsonNode receipt) throws IOException {
        ObjectNode request = (ObjectNode) TestVectors.JSON.readTree(batch3);
        request.put("signature", receipt.path("signature").asText());
        request.put("keyVersion", receipt.path("keyVersion").asText());
        request.put("processedAt", receipt.path("processedAt").asText());
        return request;
    }

    private static byte[] http(String path, byte[] body) {
        return HttpApiEvents.bytes(HttpApiEvents.request("POST", path, new String(body, StandardCharsets.UTF_8)));
    }

    private static byte[] httpGet() {
        return HttpApiEvents.bytes(HttpApiEvents.request("GET", "/transactions", ""));
    }

    private static byte[] batch(int size) {
        StringBuilder json = new StringBuilder("{\"requestId\":\"soak\",\"transactions\":[");
        for (int i = 0; i < size; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\":\"t").append(i).append("\",\"amount\":")
                    .append(i % 997).append('.').append(i % 100).append(",\"type\":\"")
                    .append(i % 3 == 0 ? "DEBIT" : "CREDIT").append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid batch padded with white space to one byte above the 6 MB synchronous payload limit. */
    private static byte[] oversize() {
        byte[] body = new byte[6 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');
        byte[] batch = batch(3);
        System.arraycopy(batch, 0, body, 0, batch.length);
        return body;
    }

    private static String currentVersion(MotoServer moto) {
        try (SecretsManagerClient admin = moto.client()) {
            return admin.getSecretValue(r -> r.secretId(SECRET).versionStage("AWSCURRENT")).versionId();
        }
    }

    private String report(int invocations, boolean outage, Duration took, long rssBaseline, long rssLast,
            long rssPeak, CharSequence trend, String firstVersion, String newVersion, int recoveredAt,
            Duration recoveredAfter) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%,d invocations in %d s; %s.%n%n", invocations, took.toSeconds(),
                unexpected.isEmpty() ? "every answer was the expected one" : "UNEXPECTED ANSWERS: " + unexpected));
        text.append(String.format("RSS at the %,dth invocation %.1f MB, at the last %.1f MB (%+.1f%%), highest after the %,dth %.1f MB.%n%n",
                RSS_BASELINE_AT, rssBaseline / 1024.0, rssLast / 1024.0, 100.0 * (rssLast - rssBaseline) / rssBaseline,
                RSS_BASELINE_AT, rssPeak / 1024.0));
        if (outage) {
            text.append(String.format("Secrets Manager stopped at invocation %,d, started again at %,d with a new key "
                    + "version; signing key %s before, %s after; the first answer signed with the new version was "
                    + "invocation %,d, %.1f s after the restart.%n%n", invocations * 4 / 10, invocations * 6 / 10,
                    firstVersion, newVersion, recoveredAt, recoveredAfter.toMillis() / 1000.0));
        }
        text.append("| phase | request | answer | count |\n|---|---|---|---:|\n");
        outcomes.forEach((key, count) -> text.append("| ").append(key).append(" | ").append(String.format("%,d", count)).append(" |\n"));
        text.append("\n| invocation | RSS (MB) |\n|---:|---:|\n").append(trend);
        return text.toString();
    }
}
