package dev.tally.processor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.tally.processor.ProcessTransactionsHandler.Outcome;
import dev.tally.transactions.TallyJson;

/** The API Gateway HTTP API (payload format 2.0) response that carries an outcome. */
final class HttpApiResponse {
    private HttpApiResponse() {
    }

    static void write(Outcome outcome, OutputStream out) throws IOException {
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", outcome.status());
            json.writeObjectFieldStart("headers");
            json.writeStringField("content-type", "application/json");
            if (outcome.retryAfter() != null) {
                json.writeStringField("retry-after", Long.toString(Math.max(1, outcome.retryAfter().toSeconds())));
            }
            if (outcome.status() == 405) {
                json.writeStringField("allow", "POST");
            }
            json.writeEndObject();
            json.writeStringField("body", new String(outcome.body(), StandardCharsets.UTF_8));
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }
}
