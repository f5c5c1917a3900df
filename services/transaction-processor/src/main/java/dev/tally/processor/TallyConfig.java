package dev.tally.processor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code tally.*} in application.properties; per-stack values come from the environment. */
@ConfigMapping(prefix = "tally")
public interface TallyConfig {

    /** Over this many transactions a batch is refused with {@code batch_too_large}. */
    @WithDefault("100000")
    int maxTransactions();

    SigningKeyConfig signingKey();

    interface SigningKeyConfig {
        /** Whether the built-in development key may sign; true only in the dev and test profiles. */
        @WithDefault("false")
        boolean allowLocalDev();
    }
}
