package dev.tally.processor;

import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.runtime.Quarkus;

/**
 * The JVM variants' Lambda handler: Quarkus' stream handler, with Quarkus started, and the request path primed
 * ({@link Priming}), in init, where Lambda constructs the handler, whatever the kind of environment.
 *
 * <p>Quarkus' own handler leaves the end of the start ({@code Quarkus.manualStart()}, with its startup observers
 * such as priming) to the first request. On demand, init has a full vCPU whatever the memory, while the request
 * that waits for it runs at the function's share (14.5 % of a vCPU at 256 MB), so the same work costs that
 * request about seven times longer inside it than before it. Started here, it is also
 * complete before any request is handled: with {@code AWS_LAMBDA_MAX_CONCURRENCY} handler threads (Lambda Managed
 * Instances), Quarkus' start flags itself under way before it has finished, and a request arriving meanwhile would
 * meet a half-started application.
 */
public class TallyStreamHandler extends QuarkusStreamHandler {

    public TallyStreamHandler() {
        Quarkus.manualStart();
    }
}
