package dev.tally.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * The JVM's floor on Lambda, for the harness: a handler that reads the event and answers a fixed body, started
 * as the jvm-aot package starts Tally (its jlinked JDK 25, the runtime interface client, the same JVM options,
 * an AOT cache of its own). What the JVM and the runtime client cost to answer at all.
 */
public final class HelloStreamHandler implements RequestStreamHandler {
    private static final byte[] ANSWER = "{\"status\":\"success\"}".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write(ANSWER);
    }
}
