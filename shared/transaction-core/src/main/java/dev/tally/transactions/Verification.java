package dev.tally.transactions;

/** The answer to a verify request: whether the signature is the one the named key version makes. */
public record Verification(boolean valid, String keyVersion) {
}
