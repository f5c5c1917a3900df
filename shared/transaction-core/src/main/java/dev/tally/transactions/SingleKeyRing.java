package dev.tally.transactions;

import java.util.Objects;
import java.util.Optional;

/** Signing keys that are one key, which signs and verifies its own version: a built-in or a test key. */
public record SingleKeyRing(SigningKey key) implements KeyRing {

    public SingleKeyRing {
        Objects.requireNonNull(key, "key");
    }

    @Override
    public SigningKey current() {
        return key;
    }

    @Override
    public Optional<SigningKey> verifying(String version) {
        return key.version().equals(version) ? Optional.of(key) : Optional.empty();
    }
}
