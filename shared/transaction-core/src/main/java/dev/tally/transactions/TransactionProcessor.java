package dev.tally.transactions;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonParser;

/**
 * The workload of WORKLOAD.md: keep the CREDIT transactions of a batch, sum them exactly, digest their
 * IDs and sign the result. Thread-safe; one instance serves a whole execution environment.
 */
public final class TransactionProcessor {
    private static final HexFormat HEX = HexFormat.of();

    private final KeyRing keys;
    private final Clock clock;
    private final int maxTransactions;
    private final int maxBodyBytes;

    public TransactionProcessor(KeyRing keys, Clock clock, int maxTransactions, int maxBodyBytes) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxTransactions < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxTransactions = maxTransactions;
        this.maxBodyBytes = maxBodyBytes;
    }

    public TransactionProcessor(KeyRing keys, Clock clock) {
        this(keys, clock, Limits.MAX_TRANSACTIONS, Limits.MAX_BODY_BYTES);
    }

    /** Processes a request whose UTF-8 JSON is {@code json[off, off+len)}. */
    public Receipt process(byte[] json, int off, int len) throws RequestRefusedException, KeyUnavailableException {
        checkRequest(json, off, len);
        Workspace workspace = Workspace.acquire();
        Batch batch = read(workspace, json, off, len, false);
        SigningKey key = keys.current();
        Instant processedAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS);
        String signature = HEX.formatHex(TallyV2.sign(workspace.hmac(key), batch, processedAt.toString()));
        return new Receipt(batch.requestId(), batch.transactionCount(), batch.creditCount(), batch.totalCredit(),
                batch.digest(), signature, key.version(), processedAt);
    }

    /**
     * Verifies the {@code signature}, {@code keyVersion} and {@code processedAt} a request carries beside its
     * batch. Only the current and the previous key verify, and only their versions are looked up: the version
     * a client names decides nothing about what is fetched.
     */
    public Verification verify(byte[] json, int off, int len) throws RequestRefusedException, KeyUnavailableException {
        checkRequest(json, off, len);
        Workspace workspace = Workspace.acquire();
        Batch batch = read(workspace, json, off, len, true);
        Batch.Presented presented = batch.presented();
        Optional<SigningKey> key = keys.verifying(presented.keyVersion());
        if (key.isEmpty() || !isLowercaseHex64(presented.signature())) {
            return new Verification(false, presented.keyVersion());
        }
        byte[] expected = TallyV2.sign(workspace.hmac(key.get()), batch, presented.processedAt());
        boolean valid = MessageDigest.isEqual(expected, HEX.parseHex(presented.signature()));
        return new Verification(valid, presented.keyVersion());
    }

    /** Exactly the 64 lowercase hex digits an answer carries: anything else is not that signature. */
    private static boolean isLowercaseHex64(String text) {
        return text.length() == 64 && text.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f');
    }

    private void checkRequest(byte[] json, int off, int len) throws RequestRefusedException {
        if (len > maxBodyBytes) {
            throw new RequestRefusedException(ErrorCode.BATCH_TOO_LARGE,
                    "request body is larger than " + maxBodyBytes + " bytes");
        }
        if (!startsAsUtf8Json(json, off, len) || containsByteFF(json, off, len)) {
            throw new RequestRefusedException(ErrorCode.MALFORMED_JSON, "request body is not UTF-8 JSON");
        }
    }

    /**
     * 0xFF is never part of UTF-8, and Jackson would not always see it: to look a field name up among the
     * names it has read before, it pads the name's last bytes with 0xFF, so a name holding 0xFF there is
     * taken, unchecked, for a name seen earlier ({@code "\xFFid"} for {@code "id"}). Found by
     * TransactionProcessorFuzzTest; the other bytes that are never UTF-8 reach Jackson's decoder, which refuses them.
     */
    private static boolean containsByteFF(byte[] json, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (json[i] == (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    /**
     * Jackson would guess UTF-16 or UTF-32 from NUL bytes and byte-order marks among the first four bytes,
     * and skip a UTF-8 byte-order mark; WORKLOAD.md takes UTF-8 JSON only, which can start with none of them.
     */
    private static boolean startsAsUtf8Json(byte[] json, int off, int len) {
        for (int i = off; i < off + Math.min(len, 4); i++) {
            if (json[i] == 0 || (json[i] & 0xFE) == 0xFE) {
                return false;
            }
        }
        return !(len >= 3 && json[off] == (byte) 0xEF && json[off + 1] == (byte) 0xBB && json[off + 2] == (byte) 0xBF);
    }

    private Batch read(Workspace workspace, byte[] json, int off, int len, boolean verifying) throws RequestRefusedException {
        return new BatchReader(parser(json, off, len), workspace, maxTransactions, verifying).read();
    }

    private static JsonParser parser(byte[] json, int off, int len) {
        try {
            return TallyJson.FACTORY.createParser(json, off, len);
        } catch (IOException e) {
            throw new IllegalStateException("Jackson could not open a parser over a byte array", e);
        }
    }
}
