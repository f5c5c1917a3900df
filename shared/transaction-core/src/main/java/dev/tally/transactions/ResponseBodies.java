package dev.tally.transactions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;

/** The response bodies of WORKLOAD.md, the same for the API and for direct invocations, as UTF-8 JSON. */
public final class ResponseBodies {
    private ResponseBodies() {
    }

    public static byte[] receipt(Receipt receipt) {
        return write(json -> {
            json.writeStringField("status", "success");
            if (receipt.requestId() != null) {
                json.writeStringField("requestId", receipt.requestId());
            }
            json.writeNumberField("transactionCount", receipt.transactionCount());
            json.writeNumberField("creditCount", receipt.creditCount());
            json.writeFieldName("totalCredit");
            // The canonical decimal text is the number token itself: no double ever holds it.
            json.writeNumber(receipt.totalCredit());
            json.writeStringField("digest", receipt.digest());
            json.writeStringField("signature", receipt.signature());
            json.writeStringField("keyVersion", receipt.keyVersion());
            json.writeStringField("processedAt", DateTimeFormatter.ISO_INSTANT.format(receipt.processedAt()));
        });
    }

    public static byte[] verification(Verification verification) {
        return write(json -> {
            json.writeStringField("status", "success");
            json.writeBooleanField("valid", verification.valid());
            json.writeStringField("keyVersion", verification.keyVersion());
        });
    }

    /** @param requestId the request's {@code requestId} when it was read, else null */
    public static byte[] refusal(String error, String message, String requestId) {
        return write(json -> {
            json.writeStringField("status", "error");
            json.writeStringField("error", error);
            json.writeStringField("message", message);
            if (requestId != null) {
                json.writeStringField("requestId", requestId);
            }
        });
    }

    public static byte[] refusal(RequestRefusedException refusal) {
        return refusal(refusal.code().wireName(), refusal.getMessage(), refusal.requestId());
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    /** One JSON object in memory, where writing cannot fail. */
    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException inMemory) {
            throw new IllegalStateException("writing JSON to memory failed", inMemory);
        }
        return out.toByteArray();
    }
}
