package dev.tally.processor;

import java.time.Duration;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/** {@link TallyConfig} as Quarkus maps it, its own defaults and Quarkus' durations ("5m"), outside a Quarkus test. */
final class MappedTallyConfig {

    private MappedTallyConfig() {
    }

    static TallyConfig of(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withMapping(TallyConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withDefaultValues(values)
                .build().getConfigMapping(TallyConfig.class);
    }
}
