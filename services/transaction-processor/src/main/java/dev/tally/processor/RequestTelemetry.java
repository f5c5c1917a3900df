package dev.tally.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tally.keys.KeySource;
import dev.tally.keys.LambdaEnvironment;
import dev.tally.transactions.TallyJson;

/**
 * What an operator sees of each invocation: one log line through Quarkus' logging (JSON on Lambda), and one
 * CloudWatch embedded-metric-format document on stdout, from which CloudWatch Logs makes the metrics
 * {@code ColdStart}, {@code Transactions}, {@code SigningKeyFetches}, {@code SigningKeyFetchFailures} and
 * {@code Refusals} by {@code Error}, in the namespace {@value #NAMESPACE} under the dimension
 * {@code FunctionName}. Neither carries key material, transaction IDs or amounts.
 *
 * <p>The document is written with Jackson's streaming generator rather than the aws-embedded-metrics library,
 * whose first document costs a fresh JVM many times more (docs/observability.md).
 */
@Singleton
public class RequestTelemetry {
    public static final String NAMESPACE = "Tally";

    private static final Logger LOG = Logger.getLogger("dev.tally.requests");
    private static final String[] BY_FUNCTION = {"FunctionName"};
    private static final String[] BY_FUNCTION_AND_ERROR = {"FunctionName", "Error"};

    private final KeySource keys;
    private final OutputStream metrics;
    private final String functionName;
    private final String metricsLevel;
    private final boolean logRequests;
    private boolean coldStart;
    private long reportedFetches;
    private long reportedFailedFetches;

    @Inject
    RequestTelemetry(KeySource keys) {
        this(keys, System.out, System.getenv().getOrDefault(LambdaEnvironment.FUNCTION_NAME, "local"),
                metricsLevel(System.getenv(LambdaEnvironment.LOG_LEVEL)), true, Initialization.current());
    }

    /**
     * @param initialization how the environment was initialised: its first request is a cold start unless
     *     init ran ahead of traffic (Managed Instances, provisioned concurrency); after a SnapStart restore
     *     it is one, as AWS counts restores
     */
    RequestTelemetry(KeySource keys, OutputStream metrics, String functionName, String metricsLevel, boolean logRequests,
            Initialization initialization) {
        this.keys = keys;
        this.metrics = metrics;
        this.functionName = functionName;
        this.metricsLevel = metricsLevel;
        this.logRequests = logRequests;
        this.coldStart = !initialization.aheadOfTraffic();
    }

    /**
     * The {@code level} of the metrics documents: INFO, or the function's application log level when that is
     * higher. Lambda's log-level filtering reads {@code level} from a JSON log line, takes a line without one
     * for INFO, and drops it below the level it is given ({@code AWS_LAMBDA_LOG_LEVEL}): at WARN, metrics
     * documents at INFO would never reach CloudWatch, and the metrics and their alarms would go blind.
     */
    static String metricsLevel(String applicationLogLevel) {
        String level = applicationLogLevel == null ? "" : applicationLogLevel.toUpperCase(Locale.ROOT);
        return switch (level) {
            case "WARN", "ERROR", "FATAL" -> level;
            default -> "INFO";
        };
    }

    /** Builds every line and writes none: for requests that are not the function's own, such as priming. */
    static RequestTelemetry discarding(KeySource keys) {
        return new RequestTelemetry(keys, OutputStream.nullOutputStream(), "discarded", "INFO", false, Initialization.ON_DEMAND);
    }

    /** Reports one invocation; the key fetches it reports are those made since the previous one. */
    synchronized void record(String requestId, Answer answer, long durationNanos) {
        long fetches = keys.fetches();
        long failedFetches = keys.failedFetches();
        Invocation invocation = new Invocation(requestId, answer, durationNanos / 1_000_000.0, coldStart,
                fetches - reportedFetches, failedFetches - reportedFailedFetches);
        coldStart = false;
        reportedFetches = fetches;
        reportedFailedFetches = failedFetches;
        if (logRequests) {
            log(invocation);
        }
        try {
            writeMetrics(invocation);
        } catch (IOException e) {
            LOG.warnf("Could not write the metrics of request %s: %s", requestId, e.getMessage());
        }
    }

    private record Invocation(String requestId, Answer answer, double durationMs, boolean coldStart,
            long keyFetches, long failedKeyFetches) {

        /** The refusal's wire name, or null for an answer. */
        String error() {
            return answer instanceof Answer.Refused refused ? refused.error().wireName() : null;
        }

        String result() {
            return error() == null ? "ok" : error();
        }

        /** The transactions of a signed batch; 0 for anything else. */
        int transactions() {
            return answer instanceof Answer.Signed signed ? signed.transactions() : 0;
        }
    }

    private static void log(Invocation invocation) {
        try {
            MDC.put("requestId", String.valueOf(invocation.requestId()));
            MDC.put("outcome", invocation.result());
            MDC.put("status", invocation.answer().status());
            if (invocation.answer() instanceof Answer.Signed signed) {
                MDC.put("transactions", signed.transactions());
                MDC.put("credits", signed.credits());
            }
            MDC.put("durationMs", Math.round(invocation.durationMs() * 1000) / 1000.0);
            MDC.put("coldStart", invocation.coldStart());
            LOG.info(invocation.error() == null ? "request answered" : "request refused");
        } finally {
            MDC.clear();
        }
    }

    private void writeMetrics(Invocation invocation) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("level", metricsLevel);
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", System.currentTimeMillis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            directive(json, BY_FUNCTION, "ColdStart", "Transactions", "SigningKeyFetches", "SigningKeyFetchFailures");
            if (invocation.error() != null) {
                directive(json, BY_FUNCTION_AND_ERROR, "Refusals");
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField("FunctionName", functionName);
            json.writeNumberField("ColdStart", invocation.coldStart() ? 1 : 0);
            json.writeNumberField("Transactions", invocation.transactions());
            json.writeNumberField("SigningKeyFetches", invocation.keyFetches());
            json.writeNumberField("SigningKeyFetchFailures", invocation.failedKeyFetches());
            if (invocation.error() != null) {
                json.writeStringField("Error", invocation.error());
                json.writeNumberField("Refusals", 1);
            }
            json.writeStringField("requestId", invocation.requestId());
            json.writeEndObject();
        }
        line.write('\n');
        synchronized (metrics) {
            line.writeTo(metrics);
            metrics.flush();
        }
    }

    /** One metric directive: counts, under one set of dimensions. */
    private static void directive(JsonGenerator json, String[] dimensions, String... names) throws IOException {
        json.writeStartObject();
        json.writeStringField("Namespace", NAMESPACE);
        json.writeArrayFieldStart("Dimensions");
        json.writeArray(dimensions, 0, dimensions.length);
        json.writeEndArray();
        json.writeArrayFieldStart("Metrics");
        for (String name : names) {
            json.writeStartObject();
            json.writeStringField("Name", name);
            json.writeStringField("Unit", "Count");
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
