package dev.tally.transactions;

/**
 * The error names an answer carries, each with its HTTP status, from the workload to the HTTP answer: WORKLOAD.md's
 * table, and the two by which the HTTP edge refuses a route or a method.
 */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400),
    INVALID_REQUEST("invalid_request", 400),
    BATCH_TOO_LARGE("batch_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    SIGNING_KEY_UNAVAILABLE("signing_key_unavailable", 503),
    INTERNAL_ERROR("internal_error", 500),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405);

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
