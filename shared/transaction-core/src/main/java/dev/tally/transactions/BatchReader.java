package dev.tally.transactions;

import static com.fasterxml.jackson.core.JsonToken.END_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.END_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_ARRAY;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NULL;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * One pass over a request's tokens: validates every rule of WORKLOAD.md, sums the credits exactly from
 * their number text, and feeds the credits' IDs to the digest, keeping their UTF-8 bytes for the
 * signature. Nothing is bound to objects and no string is made for an amount or an ID.
 */
final class BatchReader {
    static final int MAX_ID_LENGTH = 128;
    static final int MAX_REQUEST_ID_LENGTH = 128;
    static final int MAX_TYPE_LENGTH = 32;

    private static final char[] CREDIT = "CREDIT".toCharArray();

    private final JsonParser parser;
    final Workspace workspace;
    private final int maxTransactions;
    private final boolean verifying;

    final ExactSum sum = new ExactSum();
    String requestId;
    int transactionCount;
    int creditCount;
    String signature;
    String keyVersion;

    BatchReader(JsonParser parser, Workspace workspace, int maxTransactions, boolean verifying) {
        this.parser = parser;
        this.workspace = workspace;
        this.maxTransactions = maxTransactions;
        this.verifying = verifying;
    }

    void read() throws RequestRefusedException {
        try (parser) {
            readRoot();
        } catch (StreamConstraintsException e) {
            throw refuse(ErrorCode.INVALID_REQUEST, JsonPaths.of(parser.getParsingContext()),
                    "exceeds a limit of this API (nesting depth " + TallyJson.MAX_NESTING_DEPTH
                            + ", numbers " + TallyJson.MAX_NUMBER_LENGTH + " characters, strings "
                            + TallyJson.MAX_STRING_LENGTH + " characters, keys " + TallyJson.MAX_NAME_LENGTH
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
        if (tooLong(text, off, len, MAX_REQUEST_ID_LENGTH)) {
            throw refuse(ErrorCode.INVALID_REQUEST, "requestId", "must be at most " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        for (int i = off; i < off + len; i++) {
            if (isControl(text[i])) {
                throw refuse(ErrorCode.INVALID_REQUEST, "requestId", "must not contain control characters");
            }
        }
        requestId = new String(text, off, len);
    }

    private String readVerifyField(JsonToken token, String name) throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, name, "expected a string");
        }
        if (parser.getTextLength() > MAX_ID_LENGTH) {
            throw refuse(ErrorCode.INVALID_REQUEST, name, "must be at most " + MAX_ID_LENGTH + " characters");
        }
        return parser.getText();
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
        int idStart = workspace.idsLength;
        boolean hasId = false;
        boolean hasAmount = false;
        boolean hasType = false;
        boolean credit = false;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "id" -> {
                    readId(token);
                    hasId = true;
                }
                case "amount" -> {
                    readAmount(token);
                    hasAmount = true;
                }
                case "type" -> {
                    credit = readTypeIsCredit(token);
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
        if (credit) {
            workspace.sha256.update(workspace.ids, idStart, workspace.idsLength - idStart);
            workspace.ids[workspace.idsLength++] = '\n';
            sum.addPending();
            creditCount++;
        } else {
            workspace.idsLength = idStart;
        }
    }

    /** Validates the ID and appends its UTF-8 bytes, plus room for a separator, to the workspace. */
    private void readId(JsonToken token) throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"), "expected a string");
        }
        char[] text = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (len == 0) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"), "must not be empty");
        }
        if (tooLong(text, off, len, MAX_ID_LENGTH)) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"), "must be at most " + MAX_ID_LENGTH + " characters");
        }
        // Three bytes for each UTF-16 unit covers every encoding; one more for the separator.
        workspace.ensureIdCapacity(3 * len + 1);
        byte[] out = workspace.ids;
        int n = workspace.idsLength;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = text[i];
            if (c < 0x80) {
                if (isControl(c)) {
                    throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"), "must not contain control characters");
                }
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[n++] = (byte) (0xE0 | c >> 12);
                out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                int cp = Character.toCodePoint(c, text[++i]);
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | cp >> 12 & 0x3F);
                out[n++] = (byte) (0x80 | cp >> 6 & 0x3F);
                out[n++] = (byte) (0x80 | cp & 0x3F);
            } else {
                throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("id"),
                        "must be valid Unicode (it has an unpaired surrogate)");
            }
        }
        workspace.idsLength = n;
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

    private boolean readTypeIsCredit(JsonToken token) throws IOException, RequestRefusedException {
        if (token != VALUE_STRING) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("type"), "expected a string");
        }
        char[] text = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        if (len == 0 || tooLong(text, off, len, MAX_TYPE_LENGTH)) {
            throw refuse(ErrorCode.INVALID_REQUEST, transactionPath("type"), "must be 1 to " + MAX_TYPE_LENGTH + " characters");
        }
        return len == CREDIT.length && Arrays.equals(text, off, off + len, CREDIT, 0, CREDIT.length);
    }

    /** Counts code points only when the UTF-16 length could be over the limit. */
    private static boolean tooLong(char[] text, int off, int len, int maxCodePoints) {
        return len > maxCodePoints && Character.codePointCount(text, off, len) > maxCodePoints;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7F;
    }

    private String transactionPath(String field) {
        String element = "transactions[" + transactionCount + "]";
        return field == null ? element : element + "." + field;
    }

    private RequestRefusedException malformed(IOException e) {
        if (e instanceof JsonEOFException) {
            return refuse(ErrorCode.MALFORMED_JSON, null, "not valid JSON: unexpected end of input");
        }
        return refuse(ErrorCode.MALFORMED_JSON, null, "not valid JSON at " + JsonPaths.describe(parser.currentLocation()));
    }

    private RequestRefusedException refuse(ErrorCode code, String path, String detail) {
        return new RequestRefusedException(code, path, detail, requestId);
    }
}
