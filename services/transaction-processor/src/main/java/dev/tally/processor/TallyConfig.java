package dev.tally.processor;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code tally.*} in application.properties. Per-stack values come from the environment that
 * template.yaml sets: {@code TALLY_SIGNING_KEY_SECRET_ID} is {@code tally.signing-key.secret-id}.
 */
@ConfigMapping(prefix = "tally")
public interface TallyConfig {

    /** Over this many transactions a batch is refused with {@code batch_too_large}. */
    @WithDefault("100000")
    int maxTransactions();

    SigningKeyConfig signingKey();

    PrimingConfig priming();

    interface SigningKeyConfig {
        /** The ID or ARN of the Secrets Manager secret that holds the signing key. */
        Optional<String> secretId();

        /** A local Secrets Manager endpoint (moto_server) instead of the region's. */
        Optional<URI> endpoint();

        /** A fetched key is reused for this long, then refetched at the next request. */
        @WithDefault("5m")
        Duration ttl();

        /** Past the TTL, a key keeps serving through a failed refetch until this age. */
        @WithDefault("1h")
        Duration maxStaleness();

        /** After a failed fetch, no other fetch is attempted for this long. */
        @WithDefault("5s")
        Duration retryBackoff();

        /** Whether the built-in development key may sign when no secret is named; dev and test only. */
        @WithDefault("false")
        boolean allowLocalDev();
    }

    /** How many rounds of the request path {@link Priming} runs in init. */
    interface PrimingConfig {
        /**
         * Where a request waits for init (on demand): enough to load and initialise the path's classes, which that
         * request would otherwise do at the function's share of a vCPU (docs/benchmarks.md, "Kept and dropped").
         */
        @WithDefault("3")
        int onDemandRounds();

        /**
         * Where no request waits: before SnapStart's snapshot, and where Lambda initialises ahead of traffic
         * (provisioned concurrency, Managed Instances); enough for the JIT to compile the path as well: a method
         * every request calls passes C1's threshold at the eight times its thresholds that {@code lambda-cpus.sh}
         * sets at one processor (docs/benchmarks.md, "Kept and dropped").
         */
        @WithDefault("1000")
        int aheadOfTrafficRounds();
    }
}
