package dev.tally.coldstart;

import java.util.Arrays;
import java.util.Locale;

/** The percentiles of the lab's tables, by nearest rank: one definition for every figure in docs/. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The nearest-rank {@code p}th percentile of {@code values} (any order); NaN for none. */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@code p50 / p90 / p99}, one decimal. */
    public static String p50p90p99(double[] values) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", of(values, 50), of(values, 90), of(values, 99));
    }
}
