package dev.tally.gatling;

import static io.gatling.javaapi.core.CoreDsl.ElFileBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Where the load goes and what it sends, shared by the simulations.
 *
 * <p>{@code -Dtally.target=URL}: a deployed stack's {@code ApiEndpoint} (requests go to
 * {@code /transactions}, signed with SigV4 for its IAM-authorized routes), or {@code local} (default) for the Lambda runtime API of
 * load-tests/run-like-lambda.sh on port 9000, which takes the batch itself as a direct invocation.
 * {@code -Dtally.payloads=DIR} holds the generated batches (load-tests/gatling.sh writes them).
 */
final class Target {
    static final String TARGET = System.getProperty("tally.target", "local");
    static final boolean LOCAL = TARGET.equals("local");
    static final String PAYLOADS = System.getProperty("tally.payloads", "target/payloads");
    /** Batch sizes, weighted as a mixed workload: mostly small batches, some large. */
    static final List<Map<String, Object>> SIZES = List.of(
            Map.of("size", 3), Map.of("size", 3), Map.of("size", 3), Map.of("size", 3),
            Map.of("size", 100), Map.of("size", 100), Map.of("size", 1000));

    private Target() {
    }

    static HttpProtocolBuilder protocol() {
        HttpProtocolBuilder protocol = http.baseUrl(LOCAL ? "http://127.0.0.1:9000" : TARGET)
                .contentTypeHeader("application/json")
                .acceptHeader("application/json")
                .shareConnections();
        return LOCAL ? protocol : protocol.sign(new SigV4(URI.create(TARGET)));
    }

    static FeederBuilder<Object> sizes() {
        return listFeeder(SIZES).random();
    }

    /**
     * One batch of a random size, checked to be a signed success. Anything else fails the request (so the
     * report's OK column holds only answered requests' times) under a name that says what it was, so the
     * report's errors count throttles apart from the function's failures.
     */
    static ChainBuilder processBatch() {
        return CoreDsl.feed(sizes()).exec(http("POST /transactions #{size}")
                .post(LOCAL ? "/" : "/transactions")
                .body(ElFileBody(PAYLOADS + "/batch-#{size}.json"))
                .check(status().transform(Target::outcome).is(outcome(200)),
                        jsonPath("$.status").is("success"), jsonPath("$.signature").exists()));
    }

    /**
     * What a status says on API Gateway, short enough for Gatling's console. 429 is the stage's throttle (its
     * rate and burst limits); a 500 is API Gateway's answer for an invocation Lambda refused or that failed:
     * on a new account, usually its concurrency limit (the access log's integrationStatus 429 says which);
     * the function's own refusals are 4xx with its error codes.
     */
    static String outcome(int status) {
        return switch (status) {
            case 200 -> "200";
            case 429 -> "429 API Gateway throttle (stage rate/burst)";
            case 500 -> "500 API Gateway: Lambda throttled or failed";
            case 403 -> "403 API Gateway: no execute-api:Invoke";
            default -> status + ", not a signed answer";
        };
    }

    /** The simulations' assertion: at most {@code -Dtally.maxFailedPercent} (1) of requests failed, throttles included. */
    static Assertion failuresWithinLimit() {
        return global().failedRequests().percent().lt(Double.parseDouble(System.getProperty("tally.maxFailedPercent", "1.0")));
    }

    /**
     * Before a run against AWS: one signed request, so that credentials the API refuses stop the run at once
     * with the reason, instead of failing every request of it.
     */
    static void preflight() {
        if (LOCAL) {
            return;
        }
        URI endpoint = URI.create(TARGET.replaceAll("/+$", "") + "/transactions");
        try {
            byte[] body = Files.readAllBytes(Path.of(PAYLOADS, "batch-3.json"));
            SdkHttpRequest signed = new SigV4(URI.create(TARGET)).sign(SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(endpoint).putHeader("content-type", "application/json").build(), body);
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<String> response;
            try (HttpClient client = HttpClient.newHttpClient()) {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
            if (response.statusCode() == 403) {
                throw new IllegalStateException("preflight: " + endpoint + " refused a signed request (403 " + response.body()
                        + "): the credentials the AWS SDK finds (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...) lack execute-api:Invoke"
                        + " on this API, or belong to another account. Grant it, or use credentials that have it.");
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("preflight: " + endpoint + " answered " + outcome(response.statusCode())
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("preflight: " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
