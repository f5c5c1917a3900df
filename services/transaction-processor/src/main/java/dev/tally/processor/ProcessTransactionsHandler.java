package dev.tally.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.tally.transactions.ErrorCode;
import dev.tally.transactions.KeyUnavailableException;
import dev.tally.transactions.Receipt;
import dev.tally.transactions.RequestRefusedException;
import dev.tally.transactions.ResponseBodies;
import dev.tally.transactions.TransactionProcessor;

/**
 * Adapts a Lambda event to the workload and the answer back: an API Gateway HTTP API event for
 * {@code POST /transactions} and {@code POST /transactions/verify}, or a direct invocation whose event
 * is the batch itself. Streams in, streams out; no business rule lives here.
 *
 * <p>At the HTTP edge: a request is routed by the route API Gateway matched ({@code routeKey}), exactly, and
 * an event recognisably of HTTP API's shape that cannot be read (not UTF-8 JSON, or a string in it that is not
 * Unicode) is answered as HTTP, with a 400, not as a direct invocation, which API Gateway would turn into a 200.
 */
public class ProcessTransactionsHandler implements RequestStreamHandler {
    private static final Logger LOG = Logger.getLogger(ProcessTransactionsHandler.class);

    private final TransactionProcessor processor;
    private final RequestTelemetry telemetry;

    @Inject
    public ProcessTransactionsHandler(TransactionProcessor processor, RequestTelemetry telemetry) {
        this.processor = processor;
        this.telemetry = telemetry;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        handle(input, output, context.getAwsRequestId());
    }

    /** Answers one event, and records it under {@code requestId}: the Lambda entry point's work. */
    void handle(InputStream input, OutputStream output, String requestId) throws IOException {
        long started = System.nanoTime();
        byte[] event = input.readAllBytes();
        Answer answer;
        try {
            Optional<HttpApiRequest> http = HttpApiRequest.of(event);
            if (http.isPresent()) {
                answer = answer(http.get());
                HttpApiResponse.write(answer, output);
            } else {
                answer = run(Operation.PROCESS, ByteBuffer.wrap(event));
                output.write(answer.body());
            }
        } catch (RequestRefusedException unreadableHttpApiEvent) {
            answer = Answer.Refused.of(unreadableHttpApiEvent);
            HttpApiResponse.write(answer, output);
        }
        telemetry.record(requestId, answer, System.nanoTime() - started);
    }

    private Answer answer(HttpApiRequest request) {
        Operation operation = Operation.of(request.routePath());
        if (operation == null) {
            return Answer.Refused.of(ErrorCode.NOT_FOUND, "no such route: POST /transactions or POST /transactions/verify");
        }
        if (!"POST".equals(request.method())) {
            return Answer.Refused.of(ErrorCode.METHOD_NOT_ALLOWED, "only POST is allowed here");
        }
        if (!request.hasJsonBody()) {
            return Answer.Refused.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        ByteBuffer body = request.body() == null ? ByteBuffer.allocate(0) : request.body();
        if (request.base64Encoded()) {
            body = paddedBase64(body);
            if (body == null) {
                return Answer.Refused.of(ErrorCode.MALFORMED_JSON, "the body is marked base64-encoded but is not padded standard base64");
            }
        }
        return run(operation, body);
    }

    /**
     * Standard base64 with its padding, as API Gateway writes it, decoded; null for anything else. The
     * JDK's decoder alone would also take it unpadded, whose length is not a multiple of 4.
     */
    private static ByteBuffer paddedBase64(ByteBuffer text) {
        if (text.remaining() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private Answer run(Operation operation, ByteBuffer body) {
        byte[] bytes = body.array();
        int off = body.arrayOffset() + body.position();
        int len = body.remaining();
        try {
            if (operation == Operation.VERIFY) {
                return new Answer.Verified(ResponseBodies.verification(processor.verify(bytes, off, len)));
            }
            Receipt receipt = processor.process(bytes, off, len);
            return new Answer.Signed(ResponseBodies.receipt(receipt), receipt.transactionCount(), receipt.creditCount());
        } catch (RequestRefusedException refusal) {
            return Answer.Refused.of(refusal);
        } catch (KeyUnavailableException unavailable) {
            LOG.warnf("Signing key unavailable: %s", unavailable.getMessage());
            return Answer.Refused.keyUnavailable(unavailable.retryAfter());
        } catch (RuntimeException bug) {
            LOG.error("Request failed on a bug, not on its input", bug);
            return Answer.Refused.of(ErrorCode.INTERNAL_ERROR, "internal error");
        }
    }

    /**
     * What a request asks for, by the route API Gateway matched: exactly the template's two. Not by the
     * request's path, which carries the stage's name on a named stage, and whose ending a route added later
     * ({@code $default}, {@code /{proxy+}}) would share.
     */
    enum Operation {
        PROCESS, VERIFY;

        static Operation of(String routePath) {
            if (routePath == null) {
                return null;
            }
            return switch (routePath) {
                case "/transactions" -> PROCESS;
                case "/transactions/verify" -> VERIFY;
                default -> null;
            };
        }
    }
}
