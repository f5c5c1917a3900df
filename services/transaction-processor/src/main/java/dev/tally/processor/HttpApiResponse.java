package dev.tally.processor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tally.transactions.ErrorCode;
import dev.tally.transactions.TallyJson;

/** The API Gateway HTTP API (payload format 2.0) response that carries an answer. */
final class HttpApiResponse {
    private HttpApiResponse() {
    }

    static void write(Answer answer, OutputStream out) throws IOException {
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", answer.status());
            json.writeObjectFieldStart("headers");
            json.writeStringField("content-type", "application/json");
            if (answer instanceof Answer.Refused refused && refused.retryAfter() != null) {
                json.writeStringField("retry-after", Long.toString(Math.max(1, refused.retryAfter().toSeconds())));
            }
            if (answer instanceof Answer.Refused refused && refused.error() == ErrorCode.METHOD_NOT_ALLOWED) {
                json.writeStringField("allow", "POST");
            }
            json.writeEndObject();
            json.writeStringField("body", new String(answer.body(), StandardCharsets.UTF_8));
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }
}
