package dev.tally.keys;

import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;
import static com.fasterxml.jackson.core.JsonToken.START_OBJECT;
import static com.fasterxml.jackson.core.JsonToken.VALUE_STRING;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

import dev.tally.transactions.SigningKey;
import dev.tally.transactions.TallyJson;

/**
 * The secret's {@code SecretString}: {@code {"signingKey":"<at least 32 characters>"}}. The HMAC key is
 * the UTF-8 bytes of that string. No message made here ever contains the key material.
 */
public final class SecretFormat {
    public static final String FIELD = "signingKey";
    public static final int MIN_LENGTH = SigningKey.MIN_LENGTH_BYTES;

    private SecretFormat() {
    }

    /** Reads the key of the secret version {@code versionId}. */
    public static SigningKey parse(String secretString, String versionId) throws MalformedSecretException {
        if (secretString == null) {
            throw new MalformedSecretException("has no SecretString (a SecretBinary is not a signing key)");
        }
        String material = null;
        try (JsonParser json = TallyJson.FACTORY.createParser(secretString)) {
            if (json.nextToken() != START_OBJECT) {
                throw new MalformedSecretException("is not a JSON object");
            }
            while (json.nextToken() == FIELD_NAME) {
                String name = json.currentName();
                if (FIELD.equals(name)) {
                    if (json.nextToken() != VALUE_STRING) {
                        throw new MalformedSecretException("has a " + FIELD + " that is not a string");
                    }
                    material = json.getText();
                } else {
                    json.nextToken();
                    json.skipChildren();
                }
            }
            if (json.nextToken() != null) {
                throw new MalformedSecretException("has content after its JSON object");
            }
        } catch (IOException e) {
            // Jackson's message may quote the input, which is the key: say only where it broke.
            throw new MalformedSecretException("is not valid JSON");
        }
        if (material == null) {
            throw new MalformedSecretException("has no " + FIELD + " field");
        }
        if (material.length() < MIN_LENGTH) {
            throw new MalformedSecretException("has a " + FIELD + " shorter than " + MIN_LENGTH + " characters");
        }
        return new SigningKey(material.getBytes(StandardCharsets.UTF_8), versionId);
    }

    /** The {@code SecretString} that holds {@code material}. */
    public static String format(String material) {
        StringWriter out = new StringWriter(material.length() + 20);
        try (JsonGenerator json = TallyJson.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(FIELD, material);
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new IllegalStateException("writing to memory failed", impossible);
        }
        return out.toString();
    }

    /** A secret that is not a signing key. The message says what is wrong, never what the secret holds. */
    public static final class MalformedSecretException extends Exception {
        MalformedSecretException(String problem) {
            super("the signing-key secret " + problem + "; expected {\"" + FIELD + "\":\"<at least " + MIN_LENGTH
                    + " characters>\"}", null, false, false);
        }
    }
}
