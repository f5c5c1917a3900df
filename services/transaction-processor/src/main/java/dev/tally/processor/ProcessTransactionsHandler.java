package dev.tally.processor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
        long started = System.nanoTime();
        byte[] event = input.readAllBytes();
        Optional<HttpApiRequest> http = HttpApiRequest.of(event);
        Outcome outcome;
        if (http.isPresent()) {
            outcome = handle(http.get());
            HttpApiResponse.write(outcome, output);
        } else {
            outcome = run(Operation.PROCESS, event);
            output.write(outcome.body());
        }
        telemetry.record(context == null ? null : context.getAwsRequestId(), outcome, System.nanoTime() - started);
    }

    private Outcome handle(HttpApiRequest request) {
        Operation operation = Operation.of(request.path());
        if (operation == null) {
            return Outcome.refusal(ErrorCode.NOT_FOUND, "no such route: POST /transactions or POST /transactions/verify");
        }
        if (!"POST".equals(request.method())) {
            return Outcome.refusal(ErrorCode.METHOD_NOT_ALLOWED, "only POST is allowed here");
        }
        if (!request.hasJsonBody()) {
            return Outcome.refusal(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        byte[] body;
        if (request.body() == null) {
            body = new byte[0];
        } else if (request.base64Encoded()) {
            body = paddedBase64(request.body());
            if (body == null) {
                return Outcome.refusal(ErrorCode.MALFORMED_JSON, "the body is marked base64-encoded but is not padded standard base64");
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

    private Outcome run(Operation operation, byte[] body) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream(512);
        try {
            if (operation == Operation.VERIFY) {
                ResponseBodies.writeVerification(processor.verify(body, 0, body.length), answer);
                return Outcome.answer(answer.toByteArray(), -1, -1);
            }
            Receipt receipt = processor.process(body, 0, body.length);
            ResponseBodies.writeReceipt(receipt, answer);
            return Outcome.answer(answer.toByteArray(), receipt.transactionCount(), receipt.creditCount());
        } catch (RequestRefusedException refusal) {
            return Outcome.refusal(refusal);
        } catch (SigningKeyUnavailableException unavailable) {
            LOG.warnf("Signing key unavailable: %s", unavailable.getMessage());
            return Outcome.keyUnavailable(unavailable.retryAfter());
        } catch (IOException | RuntimeException bug) {
            LOG.error("Request failed on a bug, not on its input", bug);
            return Outcome.refusal(ErrorCode.INTERNAL_ERROR, "internal error");
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

    /**
     * An answer: the HTTP status, the JSON body, when to retry for a 503, and what the request log reports
     * (the refusal's code, or the batch's counts; -1 where the request did not get that far).
     */
    record Outcome(int status, byte[] body, Duration retryAfter, ErrorCode error, int transactions, int credits) {

        static Outcome answer(byte[] body, int transactions, int credits) {
            return new Outcome(200, body, null, null, transactions, credits);
        }

        static Outcome refusal(RequestRefusedException refusal) {
            return refusal(refusal.code(), refusal.getMessage(), refusal.requestId(), null);
        }

        static Outcome refusal(ErrorCode code, String message) {
            return refusal(code, message, null, null);
        }

        static Outcome keyUnavailable(Duration retryAfter) {
            return refusal(ErrorCode.SIGNING_KEY_UNAVAILABLE,
                    "the signing key is unavailable; retry after " + retryAfter.toSeconds() + " s", null, retryAfter);
        }

        private static Outcome refusal(ErrorCode code, String message, String requestId, Duration retryAfter) {
            ByteArrayOutputStream body = new ByteArrayOutputStream(256);
            try {
                ResponseBodies.writeRefusal(code, message, requestId, body);
            } catch (IOException impossible) {
                throw new IllegalStateException("writing to memory failed", impossible);
            }
            return new Outcome(code.httpStatus(), body.toByteArray(), retryAfter, code, -1, -1);
        }
    }
}
