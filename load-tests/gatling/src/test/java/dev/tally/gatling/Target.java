package dev.tally.gatling;

import static io.gatling.javaapi.core.CoreDsl.ElFileBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.util.List;
import java.util.Map;

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

    /** One batch of a random size, checked to be a signed success. */
    static ChainBuilder processBatch() {
        return CoreDsl.feed(sizes()).exec(http("POST /transactions #{size}")
                .post(LOCAL ? "/" : "/transactions")
                .body(ElFileBody(PAYLOADS + "/batch-#{size}.json"))
                .check(status().is(200), jsonPath("$.status").is("success"), jsonPath("$.signature").exists()));
    }
}
