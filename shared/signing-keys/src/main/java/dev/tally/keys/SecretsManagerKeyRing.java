package dev.tally.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import dev.tally.keys.SecretFormat.MalformedSecretException;
import dev.tally.transactions.KeyUnavailableException;
import dev.tally.transactions.SigningKey;

/**
 * Signing keys held in one AWS Secrets Manager secret, fetched the way a Lambda function should:
 *
 * <ul>
 * <li>lazily: nothing is fetched until a request needs a key, so no network call is on the init path and a
 *     SnapStart snapshot holds no key; priming, in init, builds the client and rehearses a fetch from memory
 *     ({@link #prepare()}), so the first request only makes the call;</li>
 * <li>once: concurrent first requests wait for the one fetch of {@code AWSCURRENT}, the key that signs;</li>
 * <li>with a TTL, checked at request time: a frozen Lambda environment runs no timers;</li>
 * <li>through outages: a failed refetch serves the cached key up to {@link CachePolicy#maxStaleness()},
 *     and no fetch is retried within {@link CachePolicy#retryBackoff()} of a failure;</li>
 * <li>across rotations: the key of {@code AWSPREVIOUS} is fetched at the first verification that names a
 *     version other than the current one, and kept for a TTL, so a signature made before the last rotation
 *     still verifies while signing never waits for it; no other version verifies, no version a client names
 *     is ever fetched, and however many versions clients name, {@code AWSPREVIOUS} is fetched at most once a
 *     TTL. A failed fetch of it fails only the verifications that need it, within the retry backoff.</li>
 * </ul>
 */
public final class SecretsManagerKeyRing implements KeySource {
    private static final Logger LOG = Logger.getLogger(SecretsManagerKeyRing.class.getName());

    private final Supplier<SecretsManagerClient> clientFactory;
    private final String secretId;
    private final Clock clock;
    private final CachePolicy policy;

    private final Object fetchLock = new Object();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicLong failedFetches = new AtomicLong();
    private SecretsManagerClient client;
    private volatile Cached current;
    private volatile Previous previous;
    private Instant lastFailure;

    /** What the last successful fetch of {@code AWSCURRENT} gave. */
    private record Cached(SigningKey key, Instant fetchedAt) {
    }

    /**
     * What the last fetch of {@code AWSPREVIOUS} found, while {@code AWSCURRENT} was {@code current}.
     *
     * @param key null when the secret has no previous version yet, or when the fetch failed
     * @param failure why the fetch failed; null when it did not
     */
    private record Previous(String current, SigningKey key, String failure, Instant fetchedAt) {
    }

    /** @param clientFactory called once, at the first fetch or {@link #prepare()} */
    public SecretsManagerKeyRing(Supplier<SecretsManagerClient> clientFactory, String secretId, Clock clock,
            CachePolicy policy) {
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
        this.secretId = Objects.requireNonNull(secretId, "secretId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public SigningKey current() throws KeyUnavailableException {
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
                current = refresh(cached);
                return current.key();
            } catch (SdkException | MalformedSecretException e) {
                failedFetches.incrementAndGet();
                lastFailure = clock.instant();
                return stale(cached, policy.retryBackoff(), describe(e));
            }
        }
    }

    @Override
    public Optional<SigningKey> verifying(String version) throws KeyUnavailableException {
        SigningKey key = current();
        if (key.version().equals(version)) {
            return Optional.of(key);
        }
        Previous known = previous(key);
        if (known.key() != null) {
            return known.key().version().equals(version) ? Optional.of(known.key()) : Optional.empty();
        }
        if (known.failure() != null) {
            throw unavailable(policy.retryBackoff(), "the previous key is unknown: " + known.failure());
        }
        return Optional.empty();
    }

    /**
     * The key of {@code AWSPREVIOUS} while {@code current} signs: fetched when unknown, when the current key has
     * changed since, after a TTL, or a retry backoff after a failure.
     */
    private Previous previous(SigningKey current) {
        Previous known = previous;
        if (stillValid(known, current)) {
            return known;
        }
        synchronized (fetchLock) {
            known = previous;
            if (stillValid(known, current)) {
                return known;
            }
            try {
                known = new Previous(current.version(), fetch(SecretStages.PREVIOUS), null, clock.instant());
            } catch (ResourceNotFoundException none) {
                known = new Previous(current.version(), null, null, clock.instant());
            } catch (SdkException | MalformedSecretException e) {
                failedFetches.incrementAndGet();
                known = new Previous(current.version(), null, describe(e), clock.instant());
            }
            previous = known;
            return known;
        }
    }

    private boolean stillValid(Previous known, SigningKey current) {
        return known != null && known.current().equals(current.version())
                && Duration.between(known.fetchedAt(), clock.instant())
                        .compareTo(known.failure() == null ? policy.ttl() : policy.retryBackoff()) < 0;
    }

    /** Fetches {@code AWSCURRENT}, the key that signs. Called holding {@link #fetchLock}. */
    private Cached refresh(Cached cached) throws MalformedSecretException {
        SigningKey key = fetch(SecretStages.CURRENT);
        if (cached != null && cached.key().version().equals(key.version())) {
            // Unchanged: keep the same instance so MACs initialised with it stay valid.
            key = cached.key();
        }
        return new Cached(key, clock.instant());
    }

    /**
     * Builds the client, and readies everything a first fetch runs but the network: the SDK's request path and
     * the key's parsing, through a client of its own that answers from memory, and the JDK's TLS. Fetches
     * nothing, resolves no credentials, and counts nothing in {@link #fetches()}.
     */
    @Override
    public void prepare() {
        Region region;
        synchronized (fetchLock) {
            region = client().serviceClientConfiguration().region();
        }
        SecretsManagerKeyRing rehearsal = new SecretsManagerKeyRing(() -> SecretsManagerClients.answeringFromMemory(region),
                "priming", clock, policy);
        try {
            rehearsal.current();
        } catch (KeyUnavailableException e) {
            throw new IllegalStateException("the SDK's request path could not be readied: " + e.getMessage(), e);
        } finally {
            rehearsal.client.close();
        }
        SecretsManagerClients.primeTls();
    }

    /** Called holding {@link #fetchLock}. */
    private SecretsManagerClient client() {
        if (client == null) {
            client = clientFactory.get();
        }
        return client;
    }

    /** Fetches the version that has the staging label {@code stage}. Called holding {@link #fetchLock}. */
    private SigningKey fetch(String stage) throws MalformedSecretException {
        fetches.incrementAndGet();
        GetSecretValueResponse secret = client().getSecretValue(request -> request.secretId(secretId).versionStage(stage));
        try {
            return SecretFormat.parse(secret.secretString(), secret.versionId());
        } catch (MalformedSecretException e) {
            LOG.log(Level.SEVERE, "Secret {0} version {1}: {2}",
                    new Object[] {secretId, secret.versionId(), e.getMessage()});
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

    private SigningKey stale(Cached cached, Duration retryAfter, String reason) throws KeyUnavailableException {
        if (cached != null && age(cached).compareTo(policy.maxStaleness()) < 0) {
            LOG.log(Level.WARNING, "Serving signing key {0}, fetched {1} s ago, because {2}",
                    new Object[] {cached.key().version(), age(cached).toSeconds(), reason});
            return cached.key();
        }
        throw unavailable(retryAfter, reason);
    }

    private KeyUnavailableException unavailable(Duration retryAfter, String reason) {
        LOG.log(Level.WARNING, "No usable signing key from secret {0}: {1}", new Object[] {secretId, reason});
        return new KeyUnavailableException("no usable signing key: " + reason,
                retryAfter.isZero() ? Duration.ofSeconds(1) : retryAfter, null);
    }

    private Duration remainingBackoff() {
        if (lastFailure == null) {
            return Duration.ZERO;
        }
        Duration left = policy.retryBackoff().minus(Duration.between(lastFailure, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private Duration age(Cached cached) {
        return Duration.between(cached.fetchedAt(), clock.instant());
    }

    /** SDK messages name the failure (connection refused, throttled, access denied), never a secret's value. */
    private static String describe(Exception e) {
        return e instanceof MalformedSecretException ? e.getMessage() : "fetching it failed: " + e.getMessage();
    }
}
