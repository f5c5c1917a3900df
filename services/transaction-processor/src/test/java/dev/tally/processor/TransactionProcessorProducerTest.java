package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tally.keys.SecretsManagerSigningKeys;
import dev.tally.transactions.SigningKeyUnavailableException;

class TransactionProcessorProducerTest {

    @Test
    void refusesToStartWithoutAKeySourceOutsideDevAndTest() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> new TransactionProcessorProducer().signingKeys(config(Optional.empty(), false)));

        assertTrue(refusal.getMessage().contains("TALLY_SIGNING_KEY_SECRET_ID"), refusal.getMessage());
    }

    @Test
    void signsWithTheBuiltInKeyWhereItIsAllowed() throws SigningKeyUnavailableException {
        assertEquals("local-dev",
                new TransactionProcessorProducer().signingKeys(config(Optional.empty(), true)).current().version());
    }

    @Test
    void prefersANamedSecretToTheBuiltInKey() {
        assertInstanceOf(SecretsManagerSigningKeys.class,
                new TransactionProcessorProducer().signingKeys(config(Optional.of("tally/signing-key"), true)));
    }

    private static TallyConfig config(Optional<String> secretId, boolean allowLocalDev) {
        TallyConfig.SigningKeyConfig key = new TallyConfig.SigningKeyConfig() {
            @Override
            public Optional<String> secretId() {
                return secretId;
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.empty();
            }

            @Override
            public Duration ttl() {
                return Duration.ofMinutes(5);
            }

            @Override
            public Duration maxStaleness() {
                return Duration.ofHours(1);
            }

            @Override
            public Duration retryBackoff() {
                return Duration.ofSeconds(5);
            }

            @Override
            public boolean allowLocalDev() {
                return allowLocalDev;
            }
        };
        return new TallyConfig() {
            @Override
            public int maxTransactions() {
                return 100_000;
            }

            @Override
            public SigningKeyConfig signingKey() {
                return key;
            }
        };
    }
}
