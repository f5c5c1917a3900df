package dev.tally.processor;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The container credentials endpoint Lambda gives a SnapStart function, on a local port: it answers a
 * GET carrying the token in {@code Authorization} with temporary credentials that expire after
 * {@code lifetime}, and refuses anything else with 401, as the real one does.
 */
final class CredentialsEndpoint implements AutoCloseable {
    static final String PATH = "/2018-06-01/credentials";

    private final HttpServer server;
    private final String token;
    private final Duration lifetime;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private CredentialsEndpoint(String token, Duration lifetime) throws IOException {
        this.token = token;
        this.lifetime = lifetime;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, this::answer);
        server.start();
    }

    static CredentialsEndpoint start(String token, Duration lifetime) throws IOException {
        return new CredentialsEndpoint(token, lifetime);
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Credentials handed out. */
    int served() {
        return served.get();
    }

    /** Requests without the token. */
    int refused() {
        return refused.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        int status;
        if ("GET".equals(exchange.getRequestMethod()) && token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            int n = served.incrementAndGet();
            status = 200;
            body = """
                    {"AccessKeyId":"ASIACONTAINER%d","SecretAccessKey":"container-secret-%d","Token":"container-session-%d",\
                    "Expiration":"%s"}""".formatted(n, n, n, Instant.now().plus(lifetime)).getBytes(StandardCharsets.UTF_8);
        } else {
            refused.incrementAndGet();
            status = 401;
            body = "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
