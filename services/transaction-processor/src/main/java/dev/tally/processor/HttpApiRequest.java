package dev.tally.processor;

import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;
import static com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The parts of an API Gateway HTTP API (payload format 2.0) event this function uses, read with the
 * streaming parser. A direct invocation carries the batch itself, and the two are told apart by their
 * top-level keys, as the Go twin tells them apart: an event with {@code transactions} is a batch, whatever
 * else it holds (a batch may carry any unknown field, {@code version} or {@code routeKey} included); else
 * one with {@code routeKey} or {@code requestContext} is an HTTP API event; anything else is a batch, which
 * its own rules refuse. The scan stops at {@code transactions}, the first key of a usual batch.
 */
record HttpApiRequest(String method, String path, String contentType, String body, boolean base64Encoded) {

    /** AWS builds the envelope; Jackson's default bounds suit it (its body may be a 6 MB string). */
    private static final JsonFactory ENVELOPE = new JsonFactory();

    /** The HTTP API request this event carries, or empty when the event is a batch of its own. */
    static Optional<HttpApiRequest> of(byte[] event) {
        try (JsonParser parser = ENVELOPE.createParser(event)) {
            if (parser.nextToken() != START_OBJECT) {
                return Optional.empty();
            }
            boolean envelope = false;
            String method = null;
            String path = null;
            String contentType = null;
            String body = null;
            boolean base64 = false;
            while (parser.nextToken() == FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "transactions" -> {
                        return Optional.empty();
                    }
                    case "routeKey" -> envelope = true;
                    case "rawPath" -> path = text(parser, token);
                    case "body" -> body = text(parser, token);
                    case "isBase64Encoded" -> base64 = token == VALUE_TRUE;
                    case "headers" -> contentType = contentType(parser, token);
                    case "requestContext" -> {
                        envelope = true;
                        method = method(parser, token);
                    }
                    default -> parser.skipChildren();
                }
            }
            return envelope ? Optional.of(new HttpApiRequest(method, path, contentType, body, base64)) : Optional.empty();
        } catch (IOException notAnEnvelope) {
            // Not JSON at all: a direct invocation, whose own parse will name the problem.
            return Optional.empty();
        }
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

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** HTTP API lower-cases header names; the comparison ignores case all the same. */
    private static String contentType(JsonParser parser, JsonToken token) throws IOException {
        if (token != START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String contentType = null;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equalsIgnoreCase("content-type")) {
                contentType = text(parser, value);
            } else {
                parser.skipChildren();
            }
        }
        return contentType;
    }

    /** {@code requestContext.http.method}. */
    private static String method(JsonParser parser, JsonToken token) throws IOException {
        if (token != START_OBJECT) {
            parser.skipChildren();
            return null;
        }
        String method = null;
        while (parser.nextToken() == FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("http") && value == START_OBJECT) {
                while (parser.nextToken() == FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken fieldValue = parser.nextToken();
                    if (field.equals("method")) {
                        method = text(parser, fieldValue);
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return method;
    }
}
