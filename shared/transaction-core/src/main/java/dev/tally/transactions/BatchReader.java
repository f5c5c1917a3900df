package dev.tally.transactions;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * One pass over a request's tokens, to a {@link Batch}: validates every rule of WORKLOAD.md, sums the credits
 * exactly from their number text, feeds the credits' IDs to the digest, and writes each transaction's line of
 * the {@code tally-v2} message ({@code id TAB type TAB amount}) to the workspace. Nothing is bound to objects
 * and no string is made for an amount, an ID or a type.
 */
final class BatchReader {

    private static final byte[] CREDIT = "CREDIT".getBytes(StandardCharsets.US_ASCII);
    /** UTC in whole seconds, as answers write {@code processedAt}. */
    private static final Pattern UTC_SECONDS =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    private final JsonParser parser;
    private final Workspace workspace;
    private final int maxTransactions;
    private final boolean verifying;

    private final ExactSum sum = new ExactSum();
    private String requestId;
    private int transactionCount;
    private int creditCount;
    private String signature;
    private String keyVersion;
    private String processedAt;

    BatchReader(JsonParser parser, Workspace workspace, int maxTransactions, boolean verifying) {
        this.parser = parser;
        this.workspace = workspace;
        this.maxTransactions = maxTransactions;
        this.verifying = verifying;
    }

    /** Reads the request; verifying, it must also present a signature, its key version and its time. */
    Batch read() throws RequestRefusedException {
        try (parser) {
            readRoot();
            return new Batch(requestId, transactionCount, creditCount, sum.canonicalText(), workspace.digest(),
                    workspace.lines(), verifying ? new Batch.Presented(signature, keyVersion, processedAt) : null);
        } catch (StreamConstraintsException e) {
            throw refuse(ErrorCode.INVALID_REQUEST, JsonPaths.of(parser.getParsingContext()),
                    "exceeds a limit of this API (nesting depth " + Limits.MAX_NESTING_DEPTH
                            + ", numbers " + Limits.MAX_NUMBER_LENGTH + " characters, strings "
                            + Limits.MAX_STRING_LENGTH + " characters, keys " + Limits.MAX_NAME_LENGTH
                            + " characters)");
        } catch (JsonParseException e) {
            // Jackson reports a duplicate key as a parse error with the key already set as the
            // context's current name; test-vectors.json's duplicate-key entry pins this.
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw refuse(ErrorCode.INVALID_REQUEST, JsonPaths.of(parser.getParsingContext()), "duplicate key");
            }
            throw malformed(e);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void readRoot() throws IOException, RequestRefusedException {
        JsonToken token = parser.nextToken();
        if (token == null) {
            throw refuse(ErrorCode.MALFORMED_JSON, null, "request body is empty");
        }
        if (token != START_OBJECT) {
            parser.skipChildren();
            requireEnd();
            throw refuse(ErrorCode.INVALID_REQUEST, null, "request must be a JSON object");
        }
        boolean sawTransactions = false;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            token = parser.nextToken();
            switch (name) {
                case "requestId" -> readRequestId(token);
                case "transactions" -> {
                    readTransactions(token);
                    sawTransactions = true;
                }
                case "signature" -> signature = verifying ? readVerifyField(token, name) : skip();
                case "keyVersion" -> keyVersion = verifying ? readVerifyField(token, name) : skip();
                case "processedAt" -> {
                    if (verifying) {
                        processedAt = readProcessedAt(token);
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        requireEnd();
        if (!sawTransactions) {
            throw refuse(ErrorCode.INVALID_REQUEST, "transactions", "required");
        }
        if (verifying && signature == null) {
            throw refuse(ErrorCode.INVALID_REQUEST, "signature", "required");
        }
        if (verifying && keyVersion == null) {
            throw refuse(ErrorCode.INVALID_REQUEST, "keyVersion", "required");
        }
        if (verifying && processedAt == null) {
            throw refuse(ErrorCode.INVALID_REQUEST, "processedAt", "required");
        }
    }

    private String skip() throws IOException {
        parser.skipChildren();
        return null;
    }

    private void requireEnd() throws IOException, RequestRefusedException {
        if (parser.nextToken() != null) {
            throw refuse(ErrorCode.MALFORMED_JSON, null, "unexpected content after the request object at "
                    + JsonPaths.describe(parser.currentTokenLocation()));
        }
    }

    private void readRequestId(JsonToken token) throws IOException, RequestRefusedException {
        if (token == VALUE_NULL) {
            return;
        }
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, "requestId", "expected a string");
        }
        char[] text = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (len == 0 || tooLong(text, off, len, Limits.MAX_REQUEST_ID_LENGTH)) {
            throw refuse(ErrorCode.INVALID_REQUEST, "requestId", "must be 1 to " + Limits.MAX_REQUEST_ID_LENGTH + " characters");
        }
        check(Utf8.encode(text, off, len, null), "requestId");
        requestId = new String(text, off, len);
    }

    /** {@code signature} or {@code keyVersion} of a verify request: a string, compared, never fetched. */
    private String readVerifyField(JsonToken token, String name) throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, name, "expected a string");
        }
        char[] text = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (tooLong(text, off, len, Limits.MAX_ID_LENGTH)) {
            throw refuse(ErrorCode.INVALID_REQUEST, name, "must be at most " + Limits.MAX_ID_LENGTH + " characters");
        }
        check(Utf8.encode(text, off, len, null), name);
        return new String(text, off, len);
    }

    /**
     * The {@code processedAt} of the answer being verified, as the text it signs: UTC in whole seconds, a real
     * date and time written as answers write it (so no {@code 24:00:00}, no leap second).
     */
    private String readProcessedAt(JsonToken token) throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, "processedAt", "expected a string");
        }
        String text = parser.getText();
        if (UTC_SECONDS.matcher(text).matches()) {
            try {
                if (Instant.parse(text).toString().equals(text)) {
                    return text;
                }
            } catch (DateTimeParseException notADate) {
                // refused below
            }
        }
        throw refuse(ErrorCode.INVALID_REQUEST, "processedAt",
                "must be a UTC date and time in whole seconds, as answers write it (2026-11-23T10:00:00Z)");
    }

    private void readTransactions(JsonToken token) throws IOException, RequestRefusedException {
        if (token != START_ARRAY) {
            throw refuse(ErrorCode.INVALID_REQUEST, "transactions", "expected an array");
        }
        while ((token = parser.nextToken()) != END_ARRAY) {
            if (transactionCount == maxTransactions) {
                throw refuse(ErrorCode.BATCH_TOO_LARGE, "transactions",
                        "more than " + maxTransactions + " transactions");
            }
            if (token != START_OBJECT) {
                throw refuse(ErrorCode.INVALID_REQUEST, transactionPath(null), "expected an object");
            }
            readTransaction();
            transactionCount++;
        }
    }

    private void readTransaction() throws IOException, RequestRefusedException {
        boolean hasId = false;
        boolean hasAmount = false;
        boolean hasType = false;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "id" -> {
                    readLineField(token, "id", Limits.MAX_ID_LENGTH, workspace.id());
                    hasId = true;
                }
                case "amount" -> {
                    readAmount(token);
                    hasAmount = true;
                }
                case "type" -> {
                    readLineField(token, "type", Limits.MAX_TYPE_LENGTH, workspace.type());
                    hasType = true;
                }
                default -> parser.skipChildren();
            }
        }
        if (!hasId) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"), "required");
        }
        if (!hasAmount) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("amount"), "required");
        }
        if (!hasType) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("type"), "required");
        }
        boolean credit = workspace.type().is(CREDIT);
        workspace.endTransaction(sum, credit);
        if (credit) {
            sum.addPending();
            creditCount++;
        }
    }

    /**
     * Validates a transaction's {@code id} or {@code type} (a string of 1 to {@code maxLength} characters, and
     * WORKLOAD.md's rule for strings) into the workspace's field, as UTF-8.
     */
    private void readLineField(JsonToken token, String field, int maxLength, Workspace.Field into)
            throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath(field), "expected a string");
        }
        char[] text = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (len == 0 || tooLong(text, off, len, maxLength)) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath(field), "must be 1 to " + maxLength + " characters");
        }
        check(into.set(text, off, len), transactionPath(field));
    }

    private void readAmount(JsonToken token) throws IOException, RequestRefusedException {
        if (token != VALUE_NUMBER_INT && token != VALUE_NUMBER_FLOAT) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("amount"), "expected a JSON number");
        }
        ExactSum.Violation violation = sum.read(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (violation == ExactSum.Violation.TOO_LARGE) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("amount"), "absolute value must be below 10^18");
        }
        if (violation == ExactSum.Violation.TOO_PRECISE) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("amount"),
                    "at most " + ExactSum.MAX_FRACTION_DIGITS + " digits after the decimal point");
        }
    }

    /** Refuses what {@link Utf8#encode} found, naming {@code path}. */
    private void check(int encoded, String path) throws RequestRefusedException {
        if (encoded == Utf8.CONTROL_CHARACTER) {
            throw refuse(ErrorCode.INVALID_REQUEST, path, "must not contain control characters");
        }
        if (encoded == Utf8.UNPAIRED_SURROGATE) {
            throw RequestRefusedException.notUnicode(path, requestId);
        }
    }

    /** Counts code points only when the UTF-16 length could be over the limit. */
    private static boolean tooLong(char[] text, int off, int len, int maxCodePoints) {
        return len > maxCodePoints && Character.codePointCount(text, off, len) > maxCodePoints;
    }

    private String transactionPath(String field) {
        String element = "transactions[" + transactionCount + "]";
        return field == null ? element : element + "." + field;
    }

    private RequestRefusedException malformed(IOException e) {
        if (e instanceof JsonEOFException) {
            return refuse(ErrorCode.MALFORMED_JSON, null, "not valid JSON: unexpected end of input");
        }
        JsonLocation fault = e instanceof JsonProcessingException problem && problem.getLocation() != null
                ? problem.getLocation() : parser.currentLocation();
        return refuse(ErrorCode.MALFORMED_JSON, null, "not valid JSON at " + JsonPaths.describe(fault));
    }

    private RequestRefusedException refuse(ErrorCode code, String path, String detail) {
        return new RequestRefusedException(code, path, detail, requestId);
    }
}
