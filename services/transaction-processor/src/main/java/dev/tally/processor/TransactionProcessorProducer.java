package dev.tally.processor;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import dev.tally.transactions.SigningKeys;
import dev.tally.transactions.TransactionProcessor;

/** Builds the workload and chooses its key source; nothing here fetches a key. */
public class TransactionProcessorProducer {

    /** Made at startup so that a function with no key source fails its init with a clear message. */
    @Produces
    @Singleton
    @Startup
    SigningKeys signingKeys(TallyConfig config) {
        if (config.signingKey().allowLocalDev()) {
            return new LocalDevSigningKeys();
        }
        throw new IllegalStateException("No signing key source is configured. The built-in development key "
                + "signs only in the dev and test profiles (tally.signing-key.allow-local-dev).");
    }

    @Produces
    @Singleton
    TransactionProcessor transactionProcessor(SigningKeys keys, TallyConfig config) {
        return new TransactionProcessor(keys, Clock.systemUTC(), config.maxTransactions(),
                TransactionProcessor.DEFAULT_MAX_BODY_BYTES);
    }
}
