package dev.tally.transactions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The entries of {@code shared/test-vectors.json}, which pins
 * WORKLOAD.md for every implementation. Shared with the services' tests through the test-jar.
 */
public final class TestVectors {
    /** Keeps number tokens exact, so {@code totalCredit} can be compared as the text it was written as. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final JsonNode ROOT = load();

    /** A batch the workload accepts at {@code processedAt} (the clock to inject), with every field of its answer. */
    public record Valid(String name, String request, Instant processedAt, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A request the workload refuses; {@code path} is the JSON path the message must name, or null. */
    public record Invalid(String name, String request, int status, String error, String path) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A verify request and its answer ({@code valid}, {@code keyVersion}). */
    public record Verification(String name, String request, JsonNode expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private TestVectors() {
    }

    public static List<Valid> valid() {
        return ROOT.get("vectors").valueStream()
                .map(v -> new Valid(v.get("name").asText(), v.get("request").asText(),
                        Instant.parse(v.get("processedAt").asText()), v.get("expected")))
                .toList();
    }

    public static List<Invalid> invalid() {
        return invalid("invalid");
    }

    public static List<Verification> verifications() {
        return ROOT.get("verifications").valueStream()
                .map(v -> new Verification(v.get("name").asText(), v.get("request").asText(), v.get("expected")))
                .toList();
    }

    /** Verify requests that are refused, as {@code invalid()} batches are. */
    public static List<Invalid> verificationInvalid() {
        return invalid("verificationInvalid");
    }

    private static List<Invalid> invalid(String list) {
        return ROOT.get(list).valueStream()
                .map(v -> new Invalid(v.get("name").asText(), v.get("request").asText(), v.get("status").asInt(),
                        v.get("error").asText(), v.get("path").isNull() ? null : v.get("path").asText()))
                .toList();
    }

    /**
     * The signature of {@code vector} had it been processed at {@code processedAt}: the HMAC of its
     * {@code signedMessage} with that time in the message's processedAt line. How a test checks the exact
     * signature of a function whose clock it cannot set.
     */
    public static String signatureAt(Valid vector, String processedAt) {
        String[] lines = vector.expected().get("signedMessage").asText().split("\n", -1);
        lines[2] = processedAt;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signingKey("any").spec());
            return HexFormat.of().formatHex(mac.doFinal(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The version the vectors' answers name: {@code local-dev}. */
    public static String keyVersion() {
        return ROOT.get("keyVersion").asText();
    }

    /** The key every vector's signature was made with. */
    public static SigningKey signingKey(String version) {
        return new SigningKey(signingKeyBytes(), version);
    }

    /** The same key as the text a Secrets Manager secret holds ({@code signingKey}, UTF-8). */
    public static String signingKeyText() {
        return new String(signingKeyBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] signingKeyBytes() {
        return Base64.getDecoder().decode(ROOT.get("signingKeyBase64").asText());
    }

    /** Signing keys that hold just the vectors' key. */
    public static SigningKeys keys(String version) {
        return SigningKeys.of(signingKey(version));
    }

    private static JsonNode load() {
        try (InputStream in = TestVectors.class.getResourceAsStream("/test-vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("test-vectors.json is missing from the test resources");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
