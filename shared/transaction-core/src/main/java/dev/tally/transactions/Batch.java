package dev.tally.transactions;

import java.nio.ByteBuffer;

/**
 * A batch that passed every rule of WORKLOAD.md, as {@link BatchReader} returns it: what its receipt reports,
 * and the transactions' lines of its {@code tally-v2} message ({@link TallyV2}).
 *
 * @param requestId the request's {@code requestId}, or null when it had none
 * @param totalCredit the exact sum of the credits in canonical text: plain notation, no trailing zeros, {@code 0}
 * @param digest the hex SHA-256 of the credits' IDs, concatenated
 * @param transactionLines {@code id TAB type TAB amount \n} for each transaction in input order, UTF-8, read-only.
 *     It is the reading thread's workspace, so it holds until that thread reads its next batch: the batch is
 *     answered before then.
 * @param presented what a verify request presents beside its batch; null for a batch to process
 */
record Batch(String requestId, int transactionCount, int creditCount, String totalCredit, String digest,
        ByteBuffer transactionLines, Presented presented) {

    /** The signature, key version and {@code processedAt} of the answer a verify request presents. */
    record Presented(String signature, String keyVersion, String processedAt) {
    }
}
