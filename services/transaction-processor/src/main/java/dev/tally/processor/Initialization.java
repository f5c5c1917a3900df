package dev.tally.processor;

import dev.tally.keys.LambdaEnvironment;

/**
 * How Lambda initialised this execution environment, from {@code AWS_LAMBDA_INITIALIZATION_TYPE}: on demand
 * for a request that is waiting (also what a local run is), from a SnapStart snapshot, or ahead of any
 * traffic, for provisioned concurrency and on Lambda Managed Instances.
 */
enum Initialization {
    ON_DEMAND, SNAP_START, PROVISIONED_CONCURRENCY, MANAGED_INSTANCES;

    static Initialization of(String type) {
        return switch (type == null ? "" : type) {
            case "snap-start" -> SNAP_START;
            case "provisioned-concurrency" -> PROVISIONED_CONCURRENCY;
            case "lambda-managed-instances" -> MANAGED_INSTANCES;
            default -> ON_DEMAND;
        };
    }

    static Initialization current() {
        return of(System.getenv(LambdaEnvironment.INITIALIZATION_TYPE));
    }

    /**
     * Whether init ran before any request arrived: then no request waited for it (the first is no cold
     * start), and init may do work of its own (priming) without anyone waiting for that either.
     */
    boolean aheadOfTraffic() {
        return this == PROVISIONED_CONCURRENCY || this == MANAGED_INSTANCES;
    }
}
