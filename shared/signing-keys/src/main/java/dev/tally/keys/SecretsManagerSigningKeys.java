package dev.tally.keys;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import dev.tally.keys.SigningKeySecret.MalformedSecretException;
import dev.tally.transactions.SigningKey;
import dev.tally.transactions.SigningKeyUnavailableException;
import dev.tally.transactions.SigningKeys;

/**
 * Signing keys held in one AWS Secrets Manager secret, fetched the way a Lambda function should:
 *
 * <ul>
 * <li>lazily: nothing is fetched and no client is built until a request needs a key, so none of it is on
 *     the init path (billed, and on every cold start) and a SnapStart snapshot holds no key; SnapStart
 *     priming builds the client alone ({@link #prepare()});</li>
 * <li>once: concurrent first requests wait for the one fetch of {@code AWSCURRENT};</li>
 * <li>with a TTL, checked at request time: a frozen Lambda environment runs no timers;</li>
 * <li>through outages: a failed refetch serves the cached key up to {@link CachePolicy#maxStaleness()},
 *     and no fetch is retried within {@link CachePolicy#retryBackoff()} of a failure;</li>
 * <li>across rotations: a named {@code VersionId} is fetched once and kept, so signatures made with the
 *     previous key still verify.</li>
 * </ul>
 */
public final class SecretsManagerSigningKeys implements SigningKeys {
    private static final Logger LOG = System.getLogger(SecretsManagerSigningKeys.class.getName());

    /** Secrets Manager version IDs are 32 to 64 characters of this; anything else cannot exist. */
    private static final String CURRENT_STAGE = "AWSCURRENT";
    private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");
    /** Past versions kept for verification, and unknown ones remembered so they are not fetched again. */
    private static final int REMEMBERED_VERSIONS = 16;
    private static final int REMEMBERED_UNKNOWN_VERSIONS = 256;

    private final Supplier<SecretsManagerClient> clientFactory;
    private final String secretId;
    private final Clock clock;
    private final CachePolicy policy;

    private final Object fetchLock = new Object();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();
    private SecretsManagerClient client;
    private volatile Cached current;
    private Instant lastFailure;
    private final Map<String, SigningKey> versions = lru(REMEMBERED_VERSIONS);
    private final Set<String> unknownVersions = Collections.newSetFromMap(lru(REMEMBERED_UNKNOWN_VERSIONS));

    private record Cached(SigningKey key, Instant fetchedAt) {
    }

    /** @param clientFactory called once, at the first fetch or {@link #prepare()} */
    public SecretsManagerSigningKeys(Supplier<SecretsManagerClient> clientFactory, String secretId, Clock clock,
            CachePolicy policy) {
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public SigningKey current() throws SigningKeyUnavailableException {
        Cached cached = current;
        if (cached != null && age(cached).compareTo(policy.ttl()) < 0) {
            return cached.key();
        }
        synchronized (fetchLock) {
            cached = current;
            if (cached != null && age(cached).compareTo(policy.ttl()) < 0) {
                return cached.key();
            }
            Duration backoff = remainingBackoff();
            if (!backoff.isZero()) {
                return stale(cached, backoff, "the last fetch failed under " + policy.retryBackoff().toSeconds() + " s ago");
            }
            try {
                SigningKey key = fetch(null);
                if (cached != null && cached.key().version().equals(key.version())) {
                    // Unchanged: keep the same instance so MACs initialised with it stay valid.
                    key = cached.key();
                } else if (cached != null) {
                    remember(cached.key());
                }
                current = new Cached(key, clock.instant());
                return key;
            } catch (SdkException | MalformedSecretException e) {
                failedFetches.incrementAndGet();
                lastFailure = clock.instant();
                return stale(cached, policy.retryBackoff(), describe(e));
            }
        }
    }

    @Override
    public Optional<SigningKey> byVersion(String version) throws SigningKeyUnavailableException {
        Cached cached = current;
        if (cached != null && cached.key().version().equals(version)) {
            return Optional.of(cached.key());
        }
        if (version == null || !VERSION_ID.matcher(version).matches()) {
            return Optional.empty();
        }
        synchronized (fetchLock) {
            SigningKey known = versions.get(version);
            if (known != null) {
                return Optional.of(known);
            }
            if (unknownVersions.contains(version)) {
                return Optional.empty();
            }
            Duration backoff = remainingBackoff();
            if (!backoff.isZero()) {
                throw unavailable(backoff, "the last fetch failed under " + policy.retryBackoff().toSeconds() + " s ago", null);
            }
            try {
                SigningKey key = fetch(version);
                remember(key);
                return Optional.of(key);
            } catch (ResourceNotFoundException unknown) {
                unknownVersions.add(version);
                return Optional.empty();
            } catch (SdkException | MalformedSecretException e) {
                failedFetches.incrementAndGet();
                lastFailure = clock.instant();
                throw unavailable(policy.retryBackoff(), describe(e), e);
            }
        }
    }

    /** Builds the client, and fetches nothing. */
    @Override
    public void prepare() {
        synchronized (fetchLock) {
            client();
        }
    }

    /** Called holding {@link #fetchLock}. */
    private SecretsManagerClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    /** Fetches {@code AWSCURRENT}, or the version {@code versionId}. Called holding {@link #fetchLock}. */
    private SigningKey fetch(String versionId) throws MalformedSecretException {
        fetches.incrementAndGet();
        GetSecretValueResponse secret = client().getSecretValue(request -> {
            request.secretId(secretId);
            if (versionId != null) {
                request.versionId(versionId);
            } else {
                request.versionStage(CURRENT_STAGE);
            }
        });
        try {
            return SigningKeySecret.parse(secret.secretString(), secret.versionId());
        } catch (MalformedSecretException e) {
            LOG.log(Level.ERROR, "Secret {0} version {1}: {2}", secretId, secret.versionId(), e.getMessage());
            throw e;
        }
    }

    @Override
    public long fetches() {
        return fetches.get();
    }

    @Override
    public long failedFetches() {
        return failedFetches.get();
    }

    private SigningKey stale(Cached cached, Duration retryAfter, String reason) throws SigningKeyUnavailableException {
        if (cached != null && age(cached).compareTo(policy.maxStaleness()) < 0) {
            LOG.log(Level.WARNING, "Serving signing key {0}, fetched {1} s ago, because {2}",
                    cached.key().version(), age(cached).toSeconds(), reason);
            return cached.key();
        }
        throw unavailable(retryAfter, reason, null);
    }

    private SigningKeyUnavailableException unavailable(Duration retryAfter, String reason, Throwable cause) {
        LOG.log(Level.WARNING, "No usable signing key from secret {0}: {1}", secretId, reason);
        return new SigningKeyUnavailableException("no usable signing key: " + reason,
                retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter, cause);
    }

    private Duration remainingBackoff() {
        if (lastFailure == null) {
            return Duration.ZERO;
        }
        Duration left = policy.retryBackoff().minus(Duration.between(lastFailure, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void remember(SigningKey key) {
        versions.put(key.version(), key);
    }

    private Duration age(Cached cached) {
        return Duration.between(cached.fetchedAt(), clock.instant());
    }

    /** SDK messages name the failure (connection refused, throttled, access denied), never a secret's value. */
    private static String describe(Exception e) {
        return e instanceof MalformedSecretException ? e.getMessage() : "fetching it failed: " + e.getMessage();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
