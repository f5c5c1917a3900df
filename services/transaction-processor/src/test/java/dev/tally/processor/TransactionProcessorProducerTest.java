package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tally.keys.SecretsManagerKeyRing;
import dev.tally.transactions.KeyUnavailableException;

class TransactionProcessorProducerTest {

    @Test
    void refusesToStartWithoutAKeySourceOutsideDevAndTest() {
        IllegalStateException refusal = assertThrows(IllegalStateException.class,
                () -> new TransactionProcessorProducer().signingKeys(config(Optional.empty(), false)));

        assertTrue(refusal.getMessage().contains("TALLY_SIGNING_KEY_SECRET_ID"), refusal.getMessage());
    }

    @Test
    void signsWithTheBuiltInKeyWhereItIsAllowed() throws KeyUnavailableException {
        assertEquals("local-dev",
                new TransactionProcessorProducer().signingKeys(config(Optional.empty(), true)).current().version());
    }

    @Test
    void prefersANamedSecretToTheBuiltInKey() {
        assertInstanceOf(SecretsManagerKeyRing.class,
                new TransactionProcessorProducer().signingKeys(config(Optional.of("tally/signing-key"), true)));
    }

    private static TallyConfig config(Optional<String> secretId, boolean allowLocalDev) {
        Map<String, String> values = new HashMap<>(Map.of("tally.signing-key.allow-local-dev", Boolean.toString(allowLocalDev)));
        secretId.ifPresent(id -> values.put("tally.signing-key.secret-id", id));
        return MappedTallyConfig.of(values);
    }
}
