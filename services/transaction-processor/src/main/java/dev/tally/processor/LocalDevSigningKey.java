package dev.tally.processor;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.tally.transactions.SigningKey;
import dev.tally.transactions.SigningKeys;

/**
 * The built-in development key, for the dev and test profiles only. It is the key of
 * test-vectors.json, so a local answer can be checked against the vectors by eye.
 */
final class LocalDevSigningKeys implements SigningKeys {
    static final String VERSION = "local-dev";

    private static final SigningKey KEY =
            new SigningKey("tally-test-signing-key-32-bytes!".getBytes(StandardCharsets.US_ASCII), VERSION);

    @Override
    public SigningKey current() {
        return KEY;
    }

    @Override
    public Optional<SigningKey> verifying(String version) {
        return VERSION.equals(version) ? Optional.of(KEY) : Optional.empty();
    }
}
