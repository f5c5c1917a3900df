package dev.tally.processor;

import java.time.Duration;

import dev.tally.transactions.ErrorCode;
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

    /** A refusal, by its error code; {@code retryAfter} says when to try again (a 503), or is null. */
    record Refused(ErrorCode error, byte[] body, Duration retryAfter) implements Answer {

        @Override
        public int status() {
            return error.httpStatus();
        }

        /** The workload's refusal of a request. */
        static Refused of(RequestRefusedException refusal) {
            return new Refused(refusal.code(), ResponseBodies.refusal(refusal), null);
        }

        /** A refusal of the function's own: the HTTP edge's (a route, a method, a media type, a body that is not base64), a bug's. */
        static Refused of(ErrorCode error, String message) {
            return new Refused(error, ResponseBodies.refusal(error.wireName(), message, null), null);
        }

        static Refused keyUnavailable(Duration retryAfter) {
            return new Refused(ErrorCode.SIGNING_KEY_UNAVAILABLE, ResponseBodies.refusal(ErrorCode.SIGNING_KEY_UNAVAILABLE.wireName(),
                    "the signing key is unavailable; retry after " + retryAfter.toSeconds() + " s", null), retryAfter);
        }
    }
}
