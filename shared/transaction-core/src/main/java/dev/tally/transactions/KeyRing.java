package dev.tally.transactions;

import java.util.Optional;

/** Where signing keys come from is the caller's business: a built-in key, Secrets Manager, a test. */
public interface KeyRing {

    /** The key new signatures are made with. */
    SigningKey current() throws KeyUnavailableException;

    /**
     * The key that verifies a signature made with {@code version}: the current key, or the previous one
     * (the key before the last rotation); empty for any other version. An implementation never looks a key
     * up by the version a client names: only the current and the previous ones are fetched.
     */
    Optional<SigningKey> verifying(String version) throws KeyUnavailableException;

    /** Keys that are just {@code key}, which signs and verifies its own version: a built-in or a test key. */
    static SingleKeyRing of(SigningKey key) {
        return new SingleKeyRing(key);
    }
}
