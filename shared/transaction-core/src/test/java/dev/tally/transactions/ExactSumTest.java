package dev.tally.transactions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactSumTest {

    @ParameterizedTest
    @CsvSource({
            "0.1 0.2, 0.3",
            "150.50 1150.50, 1301",
            "100.00 -100.00, 0",
            "-0 0e5 0.000, 0",
            "1e2, 100",
            "1E+2 2.5e-1, 100.25",
            "12345678.9 0.0000001, 12345678.9000001",
            "999999999999999999.999999999999999999 0.000000000000000001, 1000000000000000000",
            "100000000000000000000e-5, 1000000000000000",
            "999999999999999999 999999999999999999 999999999999999999, 2999999999999999997",
            "0.000000000000000001 -0.000000000000000002, -0.000000000000000001",
    })
    void sumsExactlyAndWritesCanonicalText(String amounts, String expected) {
        ExactSum sum = new ExactSum();
        for (String amount : amounts.split(" ")) {
            assertNull(sum.read(amount.toCharArray(), 0, amount.length()), amount);
            sum.addPending();
        }

        assertEquals(expected, sum.canonicalText());
    }

    @ParameterizedTest
    @CsvSource({
            "1e18, TOO_LARGE",
            "-1000000000000000000, TOO_LARGE",
            "1000000000000000000.5, TOO_LARGE",
            "1e99999999999999999999, TOO_LARGE",
            "0.0000000000000000001, TOO_PRECISE",
            "1e-19, TOO_PRECISE",
            "1e-99999999999999999999, TOO_PRECISE",
    })
    void refusesAmountsOutOfRange(String amount, ExactSum.Violation expected) {
        assertEquals(expected, new ExactSum().read(amount.toCharArray(), 0, amount.length()));
    }

    @ParameterizedTest
    @CsvSource({"999999999999999999.999999999999999999", "0.000000000000000001000000", "1.0e17", "100e-20"})
    void acceptsAmountsAtTheEdgeOfTheRange(String amount) {
        ExactSum sum = new ExactSum();

        assertNull(sum.read(amount.toCharArray(), 0, amount.length()));
        sum.addPending();

        assertEquals(new BigDecimal(amount).stripTrailingZeros().toPlainString(), sum.canonicalText());
    }

    @Test
    void keepsExactnessWhenTheRunningTotalOverflowsALong() {
        ExactSum sum = new ExactSum();
        String amount = "999999999999999999.5";
        for (int i = 0; i < 100; i++) {
            sum.read(amount.toCharArray(), 0, amount.length());
            sum.addPending();
        }

        assertEquals(new BigDecimal(amount).multiply(BigDecimal.valueOf(100)).stripTrailingZeros().toPlainString(),
                sum.canonicalText());
    }
}
