package dev.tally.processor;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.amazon.lambda.runtime.AbstractLambdaPollLoop;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaContext;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaRecorder;
import io.quarkus.amazon.lambda.runtime.ClientContextImpl;
import io.quarkus.amazon.lambda.runtime.LambdaInputReader;
import io.quarkus.amazon.lambda.runtime.LambdaOutputWriter;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The jvm-aot variant's runtime-API client: Quarkus' own poll loop, the one its native executables run,
 * started in JVM mode when {@code tally.lambda.poll-loop} is true (the jvm-aot bootstrap sets it and
 * starts Quarkus' main), in place of the AWS runtime interface client: 49 ms less to the first answer and
 * a third off the warm median (docs/benchmarks.md). Each invocation goes where the client would send
 * it, {@link AmazonLambdaRecorder#handle}. Off everywhere else: the java25 runtime starts the
 * client, and dev mode and tests run Quarkus' mock event server with their own loop.
 */
@ApplicationScoped
class QuarkusPollLoop {
    private final boolean enabled;
    private final List<Runnable> stopTasks = new ArrayList<>();

    QuarkusPollLoop(TallyConfig config) {
        this.enabled = config.lambda().pollLoop();
    }

    void start(@Observes StartupEvent started) {
        if (!enabled) {
            return;
        }
        ObjectMapper mapper = AmazonLambdaMapperRecorder.objectMapper;
        new StreamPollLoop(mapper).startPollLoop(new ShutdownContext() {
            @Override
            public void addShutdownTask(Runnable task) {
                stopTasks.add(task);
            }

            @Override
            public void addLastShutdownTask(Runnable task) {
                stopTasks.add(task);
            }
        });
    }

    void stop(@Observes ShutdownEvent stopping) {
        stopTasks.forEach(Runnable::run);
    }

    /** The loop for a stream handler, as Quarkus' Lambda recorder builds it for native executables. */
    private static final class StreamPollLoop extends AbstractLambdaPollLoop {
        StreamPollLoop(ObjectMapper mapper) {
            // The readers of the identity and client context that mobile SDK invocations carry.
            super(mapper, mapper.readerFor(CognitoIdentity.class), mapper.readerFor(ClientContextImpl.class),
                    LaunchMode.current());
        }

        @Override
        protected boolean isStream() {
            return true;
        }

        @Override
        protected void processRequest(InputStream input, OutputStream output, AmazonLambdaContext context)
                throws Exception {
            AmazonLambdaRecorder.handle(input, output, context);
        }

        @Override
        protected Object processRequest(Object input, AmazonLambdaContext context) {
            throw new UnsupportedOperationException("the handler is a stream handler");
        }

        @Override
        protected LambdaInputReader getInputReader() {
            return null;
        }

        @Override
        protected LambdaOutputWriter getOutputWriter() {
            return null;
        }
    }
}
