package dev.tally.rotator;

import jakarta.inject.Inject;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SecretsManagerRotationEvent;

import dev.tally.keys.KeyRotationProtocol;
import dev.tally.keys.SecretFormat.MalformedSecretException;

/** Runs the rotation step Secrets Manager asks for; a thrown exception fails the step, which it retries. */
public class RotateSigningKeyHandler implements RequestHandler<SecretsManagerRotationEvent, Void> {
    private final KeyRotationProtocol rotation;

    @Inject
    public RotateSigningKeyHandler(KeyRotationProtocol rotation) {
        this.rotation = rotation;
    }

    @Override
    public Void handleRequest(SecretsManagerRotationEvent event, Context context) {
        try {
            rotation.run(KeyRotationProtocol.Step.of(event.getStep()), event.getSecretId(), event.getClientRequestToken());
        } catch (MalformedSecretException e) {
            throw new IllegalStateException("the pending signing key failed its test: " + e.getMessage(), e);
        }
        return null;
    }
}
