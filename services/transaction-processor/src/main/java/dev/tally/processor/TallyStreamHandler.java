package dev.tally.processor;

import java.io.InputStream;
import java.io.OutputStream;

import com.amazonaws.services.lambda.runtime.Context;

import io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler;
import io.quarkus.runtime.Quarkus;

/**
 * The JVM variants' Lambda handler: Quarkus' stream handler, with Quarkus started, and the request path primed
 * ({@link Priming}), in init, where Lambda constructs the handler, whatever the kind of environment.
 *
 * <p>Quarkus' own handler leaves the end of its start, priming included, to the first request. On demand, init
 * has a full vCPU whatever the memory, and the request that waits for it only the function's share of one, so
 * the same work costs that request several times longer inside it than before it. Started here, it is also
 * complete before any request is handled: with {@code AWS_LAMBDA_MAX_CONCURRENCY} handler threads (Lambda Managed
 * Instances), Quarkus' start flags itself under way before it has finished, and a request arriving meanwhile would
 * meet a half-started application.
 */
public class TallyStreamHandler extends QuarkusStreamHandler {

    public TallyStreamHandler() {
        Quarkus.manualStart();
        readyTheRuntimesReflectiveCall();
    }

    /**
     * The runtime interface client calls {@code handleRequest} by reflection, and the JDK generates a reflective
     * call's method handles at its first call, in the first request (docs/benchmarks.md). Called here with a
     * receiver that is no handler, the method generates them, then refuses the call before anything runs; the
     * client's call finds them made.
     */
    private static void readyTheRuntimesReflectiveCall() {
        try {
            TallyStreamHandler.class.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class)
                    .invoke(new Object(), null, null, null);
        } catch (IllegalArgumentException notAHandler) {
            // The refusal that ends the rehearsal, once the method handles exist.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
