package dev.tally.transactions;

import java.time.Instant;

/**
 * The answer to a processed batch.
 *
 * @param requestId the request's {@code requestId}, or null when it had none
 * @param totalCredit the canonical text of the exact sum: plain notation, no trailing zeros, {@code 0} for zero
 */
public record Receipt(
        String requestId,
        int transactionCount,
        int creditCount,
        String totalCredit,
        String digest,
        String signature,
        String keyVersion,
        Instant processedAt) {
}
