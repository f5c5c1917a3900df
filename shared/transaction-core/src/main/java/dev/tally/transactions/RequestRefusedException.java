package dev.tally.transactions;

/**
 * A request the workload refuses. The message is safe to send to the client: it names the JSON path
 * of the problem and never echoes a key, a class name or a stack trace.
 */
public final class RequestRefusedException extends Exception {
    private final ErrorCode code;
    private final String path;
    private final String requestId;

    public RequestRefusedException(ErrorCode code, String path, String detail, String requestId) {
        super(path == null ? detail : path + ": " + detail, null, false, false);
        this.code = code;
        this.path = path;
        this.requestId = requestId;
    }

    public RequestRefusedException(ErrorCode code, String detail) {
        this(code, null, detail, null);
    }

    /** A string at {@code path} that is not well-formed Unicode: WORKLOAD.md refuses it like a control character. */
    public static RequestRefusedException notUnicode(String path, String requestId) {
        return new RequestRefusedException(ErrorCode.INVALID_REQUEST, path, "must be valid Unicode (it has an unpaired surrogate)",
                requestId);
    }

    public ErrorCode code() {
        return code;
    }

    /** The JSON path of the problem, such as {@code transactions[3].amount}, or null where none applies. */
    public String path() {
        return path;
    }

    /** The request's {@code requestId} when it was read before the problem, else null. */
    public String requestId() {
        return requestId;
    }
}
