package dev.tally.transactions;

/**
 * The refusals the workload makes of a request, each with its wire name and the HTTP status WORKLOAD.md gives
 * it. What only an HTTP edge refuses (a route, a method, a media type) is the edge's own.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400),
    INVALID_REQUEST("invalid_request", 400),
    BATCH_TOO_LARGE("batch_too_large", 413);

    private final String wireName;
    private final int httpStatus;

    ErrorCode(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
