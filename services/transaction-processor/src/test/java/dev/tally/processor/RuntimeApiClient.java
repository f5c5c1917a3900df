package dev.tally.processor;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Invokes a function through the Lambda runtime API (Quarkus' mock event server) on a local port. */
public final class RuntimeApiClient {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI invoke;

    public RuntimeApiClient(int port) {
        this.invoke = URI.create("http://127.0.0.1:" + port + "/");
    }

    /**
     * One invocation with {@code event}; the function's answer. Content-Type is always sent: the AWS
     * runtime interface client crashes on an invocation without one.
     */
    public String invoke(byte[] event) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(invoke)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A port nothing listens on now, for a runtime API of its own. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
