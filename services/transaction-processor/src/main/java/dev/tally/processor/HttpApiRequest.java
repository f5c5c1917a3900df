package dev.tally.processor;

import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.tally.transactions.ErrorCode;
import dev.tally.transactions.RequestRefusedException;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event this function uses, read with the
 * streaming parser. A direct invocation carries the batch itself, and the two are told apart by their
 * top-level keys, as the Go twin tells them apart: an event with {@code transactions} is a batch, whatever
 * else it holds (a batch may carry any unknown field, {@code version} or {@code routeKey} included); else
 * one with {@code routeKey} or {@code requestContext} is an HTTP API event; anything else is a batch, which
 * its own rules refuse. The scan stops at {@code transactions}, the first key of a usual batch.
 *
 * <p>Hand-written rather than {@code APIGatewayV2HTTPEvent}: binding that class reads every header, cookie and
 * context field into objects, where this reads four strings and keeps the body as the bytes the workload parses.
 *
 * <p>Every string read from the event obeys the body's rule for strings: well-formed Unicode. The body's text
 * is encoded to UTF-8 strictly, so an unpaired surrogate escaped in the event ({@code "\\ud800"}) is refused,
 * never replaced by {@code ?} and signed as one.
 */
record HttpApiRequest(String method, String routeKey, String contentType, ByteBuffer body, boolean base64Encoded) {

    /** AWS builds the envelope; Jackson's default bounds suit it (its body may be a 6 MB string). */
    private static final JsonFactory ENVELOPE = new JsonFactory();

    /**
     * The HTTP API request this event carries, or empty when the event is a batch of its own.
     *
     * @throws RequestRefusedException for an HTTP API event that cannot be read: not JSON after its
     *     {@code routeKey} or {@code requestContext}, or a string in it that is not well-formed Unicode
     */
    static Optional<HttpApiRequest> of(byte[] event) throws RequestRefusedException {
        return new Scan(event).request();
    }

    /** True when there is no {@code Content-Type} or it names JSON ({@code application/json}, {@code *+json}). */
    boolean hasJsonBody() {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
    }

    /** The path of the route API Gateway matched ({@code POST /transactions} gives {@code /transactions}), or null. */
    String routePath() {
        int space = routeKey == null ? -1 : routeKey.indexOf(' ');
        return space < 0 ? null : routeKey.substring(space + 1);
    }

    /** One pass over the event's top-level keys. */
    private static final class Scan {
        private static final String[] ROUTE_KEY = {"routeKey"};
        private static final String[] METHOD = {"requestContext", "http", "method"};
        private static final String[] CONTENT_TYPE = {"headers", "content-type"};
        private static final String[] BODY = {"body"};

        private final byte[] event;
        private boolean envelope;
        private String method;
        private String routeKey;
        private String contentType;
        private ByteBuffer body;
        private boolean base64;
        /** The first string that is not Unicode; refused only once the event proves to be an HTTP API event. */
        private String notUnicode;

        Scan(byte[] event) {
            this.event = event;
        }

        Optional<HttpApiRequest> request() throws RequestRefusedException {
            try (JsonParser parser = ENVELOPE.createParser(event)) {
                if (parser.nextToken() != START_OBJECT) {
                    return Optional.empty();
                }
                while (parser.nextToken() == FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken token = parser.nextToken();
                    switch (name) {
                        case "transactions" -> {
                            return Optional.empty();
                        }
                        case "routeKey" -> {
                            envelope = true;
                            routeKey = text(parser, token, ROUTE_KEY);
                        }
                        case "requestContext" -> {
                            envelope = true;
                            method = member(parser, token, METHOD, 1);
                        }
                        case "headers" -> contentType = member(parser, token, CONTENT_TYPE, 1);
                        case "body" -> body = utf8(parser, token);
                        case "isBase64Encoded" -> base64 = token == VALUE_TRUE;
                        default -> parser.skipChildren();
                    }
                }
            } catch (IOException notJson) {
                if (!envelope) {
                    // Nothing says it is an HTTP API event: a direct invocation, whose own parse names the problem.
                    return Optional.empty();
                }
                JsonLocation at = notJson instanceof JsonProcessingException e && e.getLocation() != null ? e.getLocation() : null;
                throw new RequestRefusedException(ErrorCode.MALFORMED_JSON, "the HTTP API event is not UTF-8 JSON"
                        + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
            }
            if (!envelope) {
                return Optional.empty();
            }
            if (notUnicode != null) {
                throw RequestRefusedException.notUnicode(notUnicode, null);
            }
            return Optional.of(new HttpApiRequest(method, routeKey, contentType, body, base64));
        }

        /**
         * The string at {@code path} inside the object the parser is at, skipping everything else. Header names
         * are matched ignoring case, as HTTP compares them (HTTP API sends them lower-cased).
         */
        private String member(JsonParser parser, JsonToken token, String[] path, int depth) throws IOException {
            if (token != START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            String found = null;
            while (parser.nextToken() == FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (path == CONTENT_TYPE ? !name.equalsIgnoreCase(path[depth]) : !name.equals(path[depth])) {
                    parser.skipChildren();
                } else if (depth == path.length - 1) {
                    found = text(parser, value, path);
                } else {
                    found = member(parser, value, path, depth + 1);
                }
            }
            return found;
        }

        private String text(JsonParser parser, JsonToken token, String[] path) throws IOException {
            if (token != VALUE_STRING) {
                parser.skipChildren();
                return null;
            }
            String text = parser.getText();
            if (!UTF_8.newEncoder().canEncode(text)) {
                notUnicode(path);
            }
            return text;
        }

        /** The body's text as UTF-8 bytes, encoded strictly from the parser's characters without a String copy. */
        private ByteBuffer utf8(JsonParser parser, JsonToken token) throws IOException {
            if (token != VALUE_STRING) {
                parser.skipChildren();
                return null;
            }
            try {
                return UTF_8.newEncoder().encode(
                        CharBuffer.wrap(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()));
            } catch (CharacterCodingException unpairedSurrogate) {
                notUnicode(BODY);
                return null;
            }
        }

        private void notUnicode(String[] path) {
            if (notUnicode == null) {
                notUnicode = String.join(".", path);
            }
        }
    }
}
