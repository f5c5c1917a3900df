package dev.tally.transactions;

import java.util.Optional;

/** Where signing keys come from is the caller's business: a built-in key, Secrets Manager, a test. */
public interface SigningKeys {

    /** The key new signatures are made with. */
    SigningKey current() throws SigningKeyUnavailableException;

    /**
     * The key that verifies a signature made with {@code version}: the current key, or the previous one
     * (the key before the last rotation); empty for any other version. An implementation never looks a key
     * up by the version a client names: only the current and the previous ones are fetched.
     */
    Optional<SigningKey> verifying(String version) throws SigningKeyUnavailableException;

    /**
     * Readies what fetching a key takes, such as the store's client, and fetches none. SnapStart priming
     * calls it before the snapshot, so a restored environment does not build the client on its first
     * request, and the snapshot holds no key. Nothing to do by default.
     */
    default void prepare() {
    }

    /** How many times this source has asked the store behind it for a key; 0 for a source with no store. */
    default long fetches() {
        return 0;
    }

    /** How many of those {@link #fetches()} failed (the store unreachable, refusing, or holding a bad secret). */
    default long failedFetches() {
        return 0;
    }
}
