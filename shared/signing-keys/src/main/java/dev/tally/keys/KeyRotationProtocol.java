package dev.tally.keys;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import dev.tally.keys.SecretFormat.MalformedSecretException;

/**
 * The Secrets Manager rotation protocol for a signing key
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_lambda-functions.html).
 * Every step is idempotent: Secrets Manager retries a step that failed or timed out.
 */
public final class KeyRotationProtocol {
    private static final Logger LOG = Logger.getLogger(KeyRotationProtocol.class.getName());

    /** 64 letters and digits: about 380 bits, held as the key's UTF-8 bytes. */
    static final long KEY_LENGTH = 64;

    /** The steps, named as Secrets Manager names them in the event's {@code Step}. */
    public enum Step {
        CREATE_SECRET("createSecret"), SET_SECRET("setSecret"), TEST_SECRET("testSecret"), FINISH_SECRET("finishSecret");

        private final String wireName;

        Step(String wireName) {
            this.wireName = wireName;
        }

        public static Step of(String wireName) {
            for (Step step : values()) {
                if (step.wireName.equals(wireName)) {
                    return step;
                }
            }
            throw new IllegalArgumentException("unknown rotation step: " + wireName);
        }
    }

    private final SecretsManagerClient secrets;

    public KeyRotationProtocol(SecretsManagerClient secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    /**
     * Runs one step for the version {@code token} of {@code secretId}, after the checks of AWS's rotation
     * template: the secret's rotation is enabled, and {@code token} is a version Secrets Manager made for
     * this rotation (labelled {@code AWSPENDING} when the rotation started), or already {@code AWSCURRENT}.
     */
    public void run(Step step, String secretId, String token) throws MalformedSecretException {
        DescribeSecretResponse secret = secrets.describeSecret(r -> r.secretId(secretId));
        if (!Boolean.TRUE.equals(secret.rotationEnabled())) {
            throw new IllegalStateException("secret " + secretId + " is not enabled for rotation");
        }
        List<String> stages = secret.versionIdsToStages().get(token);
        if (stages == null) {
            throw new IllegalStateException("version " + token + " has no stage for rotation of secret " + secretId);
        }
        if (stages.contains(SecretStages.CURRENT)) {
            LOG.log(Level.INFO, "Version {0} of {1} is already AWSCURRENT; nothing to do for {2}",
                    new Object[] {token, secretId, step});
            return;
        }
        if (!stages.contains(SecretStages.PENDING)) {
            throw new IllegalStateException("version " + token + " of secret " + secretId + " is not AWSPENDING");
        }
        switch (step) {
            case CREATE_SECRET -> createSecret(secretId, token);
            // The key lives only in Secrets Manager: there is no other system to set it in.
            case SET_SECRET -> LOG.log(Level.INFO, "setSecret: nothing outside Secrets Manager holds the key");
            case TEST_SECRET -> testSecret(secretId, token);
            case FINISH_SECRET -> finishSecret(secretId, token, secret.versionIdsToStages());
        }
    }

    private void createSecret(String secretId, String token) throws MalformedSecretException {
        // Fails when there is no current version: a rotation needs something to rotate from.
        secrets.getSecretValue(r -> r.secretId(secretId).versionStage(SecretStages.CURRENT));
        try {
            secrets.getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage(SecretStages.PENDING));
            LOG.log(Level.INFO, "createSecret: version {0} of {1} already exists", new Object[] {token, secretId});
            return;
        } catch (ResourceNotFoundException notYet) {
            // The usual case: make it.
        }
        String material = secrets.getRandomPassword(r -> r.passwordLength(KEY_LENGTH).excludePunctuation(true)
                .includeSpace(false)).randomPassword();
        secrets.putSecretValue(r -> r.secretId(secretId).clientRequestToken(token)
                .secretString(SecretFormat.format(material)).versionStages(SecretStages.PENDING));
        LOG.log(Level.INFO, "createSecret: put version {0} of {1} as AWSPENDING", new Object[] {token, secretId});
    }

    private void testSecret(String secretId, String token) throws MalformedSecretException {
        String secretString = secrets.getSecretValue(r -> r.secretId(secretId).versionId(token).versionStage(SecretStages.PENDING))
                .secretString();
        SecretFormat.parse(secretString, token);
        LOG.log(Level.INFO, "testSecret: version {0} of {1} is a valid signing key", new Object[] {token, secretId});
    }

    private void finishSecret(String secretId, String token, Map<String, List<String>> versionStages) {
        String current = versionStages.entrySet().stream()
                .filter(v -> v.getValue().contains(SecretStages.CURRENT))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        secrets.updateSecretVersionStage(r -> r.secretId(secretId).versionStage(SecretStages.CURRENT).moveToVersionId(token)
                .removeFromVersionId(current));
        // Ends the rotation with no AWSPENDING anywhere, one of the two states the protocol allows (the other,
        // AWSPENDING left on the new AWSCURRENT, is refused by moto's RotateSecret as a rotation in progress).
        secrets.updateSecretVersionStage(r -> r.secretId(secretId).versionStage(SecretStages.PENDING).removeFromVersionId(token));
        LOG.log(Level.INFO, "finishSecret: version {0} of {1} is AWSCURRENT, {2} is AWSPREVIOUS",
                new Object[] {token, secretId, current});
    }
}
