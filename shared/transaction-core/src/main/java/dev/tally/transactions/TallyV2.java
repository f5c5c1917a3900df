package dev.tally.transactions;

import java.nio.charset.StandardCharsets;

import javax.crypto.Mac;

/**
 * The {@code tally-v2} signature of WORKLOAD.md, the one place its message is put together: HMAC-SHA256 of
 *
 * <pre>
 * tally-v2
 * requestId            (the empty line when absent)
 * processedAt
 * transactionCount
 * id TAB type TAB amount   (one line per transaction, in input order, the amount in canonical text)
 * creditCount
 * totalCredit
 * </pre>
 *
 * joined with {@code \n}, no trailing newline. No string can hold a control character and a present
 * {@code requestId} is never empty, so any change to the batch, to its request id or to the time changes it.
 */
final class TallyV2 {
    private static final byte[] SCHEME = "tally-v2\n".getBytes(StandardCharsets.US_ASCII);

    private TallyV2() {
    }

    /** The signature of {@code batch} answered at {@code processedAt}, by {@code mac} (initialised with the key). */
    static byte[] sign(Mac mac, Batch batch, String processedAt) {
        mac.update(SCHEME);
        if (batch.requestId() != null) {
            mac.update(batch.requestId().getBytes(StandardCharsets.UTF_8));
        }
        mac.update(("\n" + processedAt + "\n" + batch.transactionCount() + "\n").getBytes(StandardCharsets.US_ASCII));
        // Each transaction's line already ends with its '\n'.
        mac.update(batch.transactionLines().duplicate());
        mac.update((batch.creditCount() + "\n" + batch.totalCredit()).getBytes(StandardCharsets.US_ASCII));
        return mac.doFinal();
    }
}
