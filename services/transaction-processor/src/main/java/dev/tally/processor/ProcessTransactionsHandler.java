package dev.tally.processor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import dev.tally.transactions.ErrorCode;
import dev.tally.transactions.Receipt;
import dev.tally.transactions.RequestRefusedException;
import dev.tally.transactions.ResponseBodies;
import dev.tally.transactions.SigningKeyUnavailableException;
import dev.tally.transactions.TransactionProcessor;

/**
 * Adapts a Lambda event to the workload and the answer back: an API Gateway HTTP API event for
 * {@code POST /transactions} and {@code POST /transactions/verify}, or a direct invocation whose event
 * is the batch itself. Streams in, streams out; no business rule lives here.
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
        Optional<HttpApiRequest> http = HttpApiRequest.of(event);
        Answer answer;
        if (http.isPresent()) {
            answer = answer(http.get());
            HttpApiResponse.write(answer, output);
        } else {
            answer = run(Operation.PROCESS, event);
            output.write(answer.body());
        }
        telemetry.record(requestId, answer, System.nanoTime() - started);
    }

    private Answer answer(HttpApiRequest request) {
        Operation operation = Operation.of(request.path());
        if (operation == null) {
            return Answer.Refused.of(404, "not_found", "no such route: POST /transactions or POST /transactions/verify");
        }
        if (!"POST".equals(request.method())) {
            return Answer.Refused.of(405, "method_not_allowed", "only POST is allowed here");
        }
        if (!request.hasJsonBody()) {
            return Answer.Refused.of(415, "unsupported_media_type", "Content-Type must be application/json");
        }
        byte[] body;
        if (request.body() == null) {
            body = new byte[0];
        } else if (request.base64Encoded()) {
            body = paddedBase64(request.body());
            if (body == null) {
                return Answer.Refused.of(400, ErrorCode.MALFORMED_JSON.wireName(),
                        "the body is marked base64-encoded but is not padded standard base64");
            }
        } else {
            body = request.body().getBytes(StandardCharsets.UTF_8);
        }
        return run(operation, body);
    }

    /**
     * Standard base64 with its padding, as API Gateway writes it, decoded; null for anything else. The
     * JDK's decoder alone would also take it unpadded, whose length is not a multiple of 4.
     */
    private static byte[] paddedBase64(String text) {
        if (text.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private Answer run(Operation operation, byte[] body) {
        try {
            if (operation == Operation.VERIFY) {
                return new Answer.Verified(ResponseBodies.verification(processor.verify(body, 0, body.length)));
            }
            Receipt receipt = processor.process(body, 0, body.length);
            return new Answer.Signed(ResponseBodies.receipt(receipt), receipt.transactionCount(), receipt.creditCount());
        } catch (RequestRefusedException refusal) {
            return Answer.Refused.of(refusal);
        } catch (SigningKeyUnavailableException unavailable) {
            LOG.warnf("Signing key unavailable: %s", unavailable.getMessage());
            return Answer.Refused.keyUnavailable(unavailable.retryAfter());
        } catch (RuntimeException bug) {
            LOG.error("Request failed on a bug, not on its input", bug);
            return Answer.Refused.of(500, "internal_error", "internal error");
        }
    }

    /** What a request asks for, by the path it was sent to (any stage prefix allowed). */
    enum Operation {
        PROCESS, VERIFY;

        static Operation of(String path) {
            if (path == null) {
                return null;
            }
            String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (trimmed.endsWith("/transactions/verify")) {
                return VERIFY;
            }
            return trimmed.endsWith("/transactions") ? PROCESS : null;
        }
    }
}
