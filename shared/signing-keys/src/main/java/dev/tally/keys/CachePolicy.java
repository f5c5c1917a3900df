package dev.tally.keys;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a fetched key is used, how long it may be served past that while Secrets Manager is
 * unreachable, and how long to wait after a failed fetch before the next one.
 *
 * @param ttl a key is refetched at the first request after this age
 * @param maxStaleness past the TTL, a key still serves through a failed refetch until this age
 * @param retryBackoff after a failed fetch, no other fetch is made for this long
 */
public record CachePolicy(Duration ttl, Duration maxStaleness, Duration retryBackoff) {
    /** Five minutes of reuse, an hour of grace through an outage, at most one fetch attempt every 5 s. */
    public static final CachePolicy DEFAULT = new CachePolicy(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(5));

    public CachePolicy {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (ttl.isNegative() || maxStaleness.compareTo(ttl) < 0 || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("need 0 <= ttl <= maxStaleness and retryBackoff >= 0, got " + this);
        }
    }
}
