package dev.tally.transactions;

import java.time.Duration;

/** No usable signing key can be had right now; the client should retry after {@link #retryAfter()}. */
public final class KeyUnavailableException extends Exception {
    private final Duration retryAfter;

    public KeyUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
