package dev.tally.transactions;

/** Every bound this API puts on a request, in one place: WORKLOAD.md's, and the JSON parser's. */
public final class Limits {
    /** Over this many transactions a batch is refused ({@code batch_too_large}), unless configured otherwise. */
    public static final int MAX_TRANSACTIONS = 100_000;
    /** The largest synchronous Lambda payload; a body above it is refused before it is parsed. */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /** Characters (code points) of a transaction's {@code id}, of {@code requestId}, of a transaction's {@code type}. */
    public static final int MAX_ID_LENGTH = 128;
    public static final int MAX_REQUEST_ID_LENGTH = 128;
    public static final int MAX_TYPE_LENGTH = 32;
    /** JSON nesting, a number's characters (any valid amount, with generous trailing zeros), a string's, a key's. */
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 64;
    public static final int MAX_STRING_LENGTH = 1 << 20;
    public static final int MAX_NAME_LENGTH = 1024;

    private Limits() {
    }
}
