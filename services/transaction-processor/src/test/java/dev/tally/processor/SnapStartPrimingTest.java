package dev.tally.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void signsTheAcceptedBatchesWithTheThrowawayKeyAndRefusesTheInvalidOne() throws Exception {
        assertEquals(2 * 10, SnapStartPriming.prime(10));
    }
}
