package dev.tally.transactions;

import java.math.BigDecimal;

/**
 * The exact decimal sum of amounts read from their JSON number text, with no binary floating point.
 *
 * <p>Amounts that fit a {@code long} at their scale (nearly all of them) are added as scaled longs;
 * the sum moves to {@link BigDecimal} only when a value or the running total would overflow, so a
 * batch of ordinary amounts allocates nothing per amount.
 */
final class ExactSum {
    static final int MAX_INTEGER_DIGITS = 18;
    static final int MAX_FRACTION_DIGITS = 18;
    /** A sign, 18 integer digits, a point and 18 fraction digits, or {@code -0.} and 18 fraction digits. */
    static final int MAX_CANONICAL_LENGTH = 1 + MAX_INTEGER_DIGITS + 1 + MAX_FRACTION_DIGITS;

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** Saturation bound for exponents: far beyond anything valid, far from int overflow. */
    private static final int EXPONENT_CAP = 100_000;

    private long unscaled;
    private int scale;
    private BigDecimal big;

    /** Why an amount's text is refused, or null when it is valid. */
    enum Violation {
        TOO_LARGE, TOO_PRECISE
    }

    private long pendingValue;
    private int pendingScale;
    private BigDecimal pendingBig;

    /**
     * Validates the number token {@code text[off, off+len)}, which Jackson has already checked is
     * JSON number syntax, and holds it until {@link #addPending()} or the next call.
     *
     * @return null when the amount is valid, else what is wrong with it
     */
    Violation read(char[] text, int off, int len) {
        pendingValue = 0;
        pendingScale = 0;
        pendingBig = null;
        int end = off + len;
        int i = off;
        boolean negative = text[i] == '-';
        if (negative) {
            i++;
        }
        long digits = 0;
        int significant = 0;
        int trailingZeros = 0;
        int fractionDigits = 0;
        boolean inFraction = false;
        for (; i < end; i++) {
            char c = text[i];
            if (c == '.') {
                inFraction = true;
                continue;
            }
            if (c == 'e' || c == 'E') {
                break;
            }
            int d = c - '0';
            if (inFraction) {
                fractionDigits++;
            }
            if (significant == 0 && d == 0) {
                continue;
            }
            significant++;
            trailingZeros = d == 0 ? trailingZeros + 1 : 0;
            if (significant <= MAX_INTEGER_DIGITS) {
                digits = digits * 10 + d;
            }
        }
        if (significant == 0) {
            return null;
        }
        int exponent = 0;
        if (i < end) {
            i++;
            boolean negativeExponent = text[i] == '-';
            if (text[i] == '-' || text[i] == '+') {
                i++;
            }
            for (; i < end; i++) {
                exponent = Math.min(EXPONENT_CAP, exponent * 10 + (text[i] - '0'));
            }
            if (negativeExponent) {
                exponent = -exponent;
            }
        }
        int strippedDigits = significant - trailingZeros;
        int strippedScale = fractionDigits - exponent - trailingZeros;
        if (strippedDigits - strippedScale > MAX_INTEGER_DIGITS) {
            return Violation.TOO_LARGE;
        }
        if (strippedScale > MAX_FRACTION_DIGITS) {
            return Violation.TOO_PRECISE;
        }
        if (significant > MAX_INTEGER_DIGITS) {
            // Validated above, so the exponent is small and this cannot blow up.
            pendingBig = new BigDecimal(text, off, len);
            return null;
        }
        long value = digits / POW10[trailingZeros];
        if (strippedScale < 0) {
            // At most 18 integer digits were checked above, so this cannot overflow.
            value *= POW10[-strippedScale];
            strippedScale = 0;
        }
        pendingValue = negative ? -value : value;
        pendingScale = strippedScale;
        return null;
    }

    /** Adds the amount last {@link #read} to the sum. */
    void addPending() {
        if (pendingBig != null) {
            big = (big != null ? big : BigDecimal.valueOf(unscaled, scale)).add(pendingBig);
        } else if (pendingValue != 0) {
            addScaled(pendingValue, pendingScale);
        }
    }

    private void addScaled(long value, int valueScale) {
        if (big != null) {
            big = big.add(BigDecimal.valueOf(value, valueScale));
            return;
        }
        try {
            long aligned = value;
            if (valueScale > scale) {
                unscaled = Math.multiplyExact(unscaled, POW10[valueScale - scale]);
                scale = valueScale;
            } else {
                aligned = Math.multiplyExact(value, POW10[scale - valueScale]);
            }
            unscaled = Math.addExact(unscaled, aligned);
        } catch (ArithmeticException overflow) {
            big = BigDecimal.valueOf(unscaled, scale).add(BigDecimal.valueOf(value, valueScale));
        }
    }

    /**
     * Writes the amount last {@link #read} in canonical text (plain notation, trailing zeros dropped,
     * {@code 0} for zero) as ASCII into {@code out} at {@code at}; where the text ends.
     */
    int writePendingCanonical(byte[] out, int at) {
        if (pendingBig != null) {
            String text = canonical(pendingBig);
            for (int i = 0; i < text.length(); i++) {
                out[at++] = (byte) text.charAt(i);
            }
            return at;
        }
        long value = pendingValue;
        if (value < 0) {
            out[at++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int written = Math.max(digits, pendingScale + 1);
        int end = at + written + (pendingScale > 0 ? 1 : 0);
        int i = end;
        for (int n = 0; n < written; n++) {
            if (n == pendingScale && pendingScale > 0) {
                out[--i] = '.';
            }
            out[--i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return end;
    }

    /** Plain notation, trailing zeros dropped, {@code 0} for zero. */
    String canonicalText() {
        return canonical(big != null ? big : BigDecimal.valueOf(unscaled, scale));
    }

    private static String canonical(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
