package dev.tally.transactions;

/** The refusals of WORKLOAD.md, each with its wire name and HTTP status. */
public enum ErrorCode {
    MALFORMED_JSON("malformed_json", 400),
    INVALID_REQUEST("invalid_request", 400),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    BATCH_TOO_LARGE("batch_too_large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
    INTERNAL_ERROR("internal_error", 500),
    SIGNING_KEY_UNAVAILABLE("signing_key_unavailable", 503);

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
