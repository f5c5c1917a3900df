package dev.tally.processor;

import java.time.Duration;

import dev.tally.transactions.RequestRefusedException;
import dev.tally.transactions.ResponseBodies;

/**
 * What the function answers one event: the HTTP status and the JSON body (the body alone for a direct
 * invocation), and what the request log and the metrics report of it.
 */
sealed interface Answer {
    int status();

    byte[] body();

    /** A signed receipt of a batch of {@code transactions}, {@code credits} of them credits. */
    record Signed(byte[] body, int transactions, int credits) implements Answer {
        @Override
        public int status() {
            return 200;
        }
    }

    /** The answer to a verify request, valid or not. */
    record Verified(byte[] body) implements Answer {
        @Override
        public int status() {
            return 200;
        }
    }

    /**
     * A refusal, by its wire name ({@code error}) and status; {@code retryAfter} says when to try again
     * (a 503), or is null.
     */
    record Refused(int status, String error, byte[] body, Duration retryAfter) implements Answer {

        /** The workload's refusal of a request: the status WORKLOAD.md gives its code. */
        static Refused of(RequestRefusedException refusal) {
            return new Refused(refusal.code().httpStatus(), refusal.code().wireName(), ResponseBodies.refusal(refusal), null);
        }

        /** A refusal of the function's own: the HTTP edge's (404, 405, 415, a body that is not base64), a bug's (500). */
        static Refused of(int status, String error, String message) {
            return new Refused(status, error, ResponseBodies.refusal(error, message, null), null);
        }

        static Refused keyUnavailable(Duration retryAfter) {
            return new Refused(503, "signing_key_unavailable", ResponseBodies.refusal("signing_key_unavailable",
                    "the signing key is unavailable; retry after " + retryAfter.toSeconds() + " s", null), retryAfter);
        }
    }
}
