package dev.tally.transactions;

import java.io.IOException;
import java.io.OutputStream;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonGenerator;

/** Writes the response bodies of WORKLOAD.md, the same for the API and for direct invocations. */
public final class ResponseBodies {
    private ResponseBodies() {
    }

    public static void writeReceipt(Receipt receipt, OutputStream out) throws IOException {
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
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
            json.writeEndObject();
        }
    }

    public static void writeVerification(Verification verification, OutputStream out) throws IOException {
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeBooleanField("valid", verification.valid());
            json.writeStringField("keyVersion", verification.keyVersion());
            json.writeEndObject();
        }
    }

    public static void writeRefusal(ErrorCode code, String message, String requestId, OutputStream out) throws IOException {
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "error");
            json.writeStringField("error", code.wireName());
            json.writeStringField("message", message);
            if (requestId != null) {
                json.writeStringField("requestId", requestId);
            }
            json.writeEndObject();
        }
    }

    public static void writeRefusal(RequestRefusedException refusal, OutputStream out) throws IOException {
        writeRefusal(refusal.code(), refusal.getMessage(), refusal.requestId(), out);
    }
}
