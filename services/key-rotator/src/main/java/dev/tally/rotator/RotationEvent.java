package dev.tally.rotator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The event Secrets Manager sends a rotation function, one per step. */
public record RotationEvent(
        @JsonProperty("SecretId") String secretId,
        @JsonProperty("ClientRequestToken") String clientRequestToken,
        @JsonProperty("Step") String step) {
}
