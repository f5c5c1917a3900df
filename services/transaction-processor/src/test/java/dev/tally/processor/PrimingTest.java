package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.tally.keys.KeySource;
import dev.tally.transactions.SigningKey;

class PrimingTest {

    @Test
    void signsTheAcceptedBatchesWithTheThrowawayKeyAndRefusesTheInvalidOne() throws Exception {
        assertEquals(2 * 10, Priming.prime(10));
    }

    @Test
    void preparesTheFunctionsKeySourceAndTakesNoKeyFromIt() throws Exception {
        AtomicInteger prepared = new AtomicInteger();
        KeySource keys = new KeySource() {
            @Override
            public SigningKey current() {
                throw new AssertionError("priming asked for the function's key");
            }

            @Override
            public Optional<SigningKey> verifying(String version) {
                throw new AssertionError("priming asked for a key version");
            }

            @Override
            public void prepare() {
                prepared.incrementAndGet();
            }
        };

        new Priming(keys, MappedTallyConfig.of(Map.of())).beforeCheckpoint(null);

        assertEquals(1, prepared.get());
    }
}
