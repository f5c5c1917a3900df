package dev.tally.processor;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.runtime.Startup;

import dev.tally.keys.CachePolicy;
import dev.tally.keys.KeySource;
import dev.tally.keys.SecretsManagerClients;
import dev.tally.keys.SecretsManagerKeyRing;
import dev.tally.transactions.KeyRing;
import dev.tally.transactions.Limits;
import dev.tally.transactions.TransactionProcessor;

/** Builds the workload and chooses its key source. Nothing here builds a client or fetches a key. */
public class TransactionProcessorProducer {

    /** Made at startup so that a function with no usable key source fails its init with a clear message. */
    @Produces
    @Singleton
    @Startup
    KeySource signingKeys(TallyConfig config) {
        TallyConfig.SigningKeyConfig key = config.signingKey();
        if (key.secretId().isPresent()) {
            // Fails the init now, with a clear message, rather than the first request later.
            SecretsManagerClients.regionFromEnvironment();
            CachePolicy policy = new CachePolicy(key.ttl(), key.maxStaleness(), key.retryBackoff());
            return new SecretsManagerKeyRing(() -> SecretsManagerClients.fromEnvironment(key.endpoint()),
                    key.secretId().get(), Clock.systemUTC(), policy);
        }
        if (key.allowLocalDev()) {
            return KeySource.builtIn(DevelopmentKey.KEY);
        }
        throw new IllegalStateException("No signing key source is configured: set TALLY_SIGNING_KEY_SECRET_ID to the "
                + "ID or ARN of the Secrets Manager secret that holds the key. The built-in development key signs "
                + "only in the dev and test profiles.");
    }

    @Produces
    @Singleton
    TransactionProcessor transactionProcessor(KeyRing keys, TallyConfig config) {
        return new TransactionProcessor(keys, Clock.systemUTC(), config.maxTransactions(),
                Limits.MAX_BODY_BYTES);
    }
}
