package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.tally.transactions.SigningKeyUnavailableException;

class TransactionProcessorProducerTest {

    @Test
    void refusesToStartWithoutAKeySourceOutsideDevAndTest() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> new TransactionProcessorProducer().signingKeys(config(false)));

        assertTrue(refusal.getMessage().contains("No signing key source is configured"), refusal.getMessage());
    }

    @Test
    void signsWithTheBuiltInKeyWhereItIsAllowed() throws SigningKeyUnavailableException {
        assertEquals("local-dev", new TransactionProcessorProducer().signingKeys(config(true)).current().version());
    }

    private static TallyConfig config(boolean allowLocalDev) {
        return new TallyConfig() {
            @Override
            public int maxTransactions() {
                return 100_000;
            }

            @Override
            public SigningKeyConfig signingKey() {
                return () -> allowLocalDev;
            }
        };
    }
}
