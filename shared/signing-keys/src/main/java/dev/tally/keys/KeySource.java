package dev.tally.keys;

import java.util.Optional;

import dev.tally.transactions.KeyRing;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.SingleKeyRing;

/**
 * Signing keys as a function runs them: besides the keys, what operating them takes. Priming readies the
 * store's client in init and before a SnapStart snapshot ({@link #prepare()}), and the metrics count the fetches.
 * The workload sees only {@link KeyRing}.
 */
public interface KeySource extends KeyRing {

    /** Readies what fetching a key takes, such as the store's client, and fetches none. Nothing, with no store. */
    default void prepare() {
    }

    /** How many times this source has asked the store behind it for a key; 0 with no store. */
    default long fetches() {
        return 0;
    }

    /** How many of those {@link #fetches()} failed (the store unreachable, refusing, or holding a bad secret). */
    default long failedFetches() {
        return 0;
    }

    /** A source with no store: {@code key} alone, built in; nothing to prepare, nothing fetched. */
    static KeySource builtIn(SigningKey key) {
        SingleKeyRing fixed = KeyRing.of(key);
        return new KeySource() {
            @Override
            public SigningKey current() {
                return fixed.current();
            }

            @Override
            public Optional<SigningKey> verifying(String version) {
                return fixed.verifying(version);
            }
        };
    }
}
