package dev.tally.processor;

import java.nio.charset.StandardCharsets;

import dev.tally.transactions.SigningKey;

/**
 * The built-in development key, for the dev and test profiles only. It is the key of
 * test-vectors.json, so a local answer can be checked against the vectors by eye.
 */
final class DevelopmentKey {
    static final String VERSION = "local-dev";
    static final SigningKey KEY =
            new SigningKey("tally-test-signing-key-32-bytes!".getBytes(StandardCharsets.US_ASCII), VERSION);

    private DevelopmentKey() {
    }
}
