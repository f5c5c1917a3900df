package dev.tally.transactions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

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

    /** A batch the workload accepts, with the fields its answer must have. */
    public record Valid(String name, String request, JsonNode expected) {
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

    private TestVectors() {
    }

    public static List<Valid> valid() {
        return ROOT.get("vectors").valueStream()
                .map(v -> new Valid(v.get("name").asText(), v.get("request").asText(), v.get("expected")))
                .toList();
    }

    public static List<Invalid> invalid() {
        return ROOT.get("invalid").valueStream()
                .map(v -> new Invalid(v.get("name").asText(), v.get("request").asText(), v.get("status").asInt(),
                        v.get("error").asText(), v.get("path").isNull() ? null : v.get("path").asText()))
                .toList();
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
        SigningKey key = signingKey(version);
        return new SigningKeys() {
            @Override
            public SigningKey current() {
                return key;
            }

            @Override
            public Optional<SigningKey> byVersion(String wanted) {
                return key.version().equals(wanted) ? Optional.of(key) : Optional.empty();
            }
        };
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
