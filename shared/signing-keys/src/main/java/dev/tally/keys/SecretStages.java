package dev.tally.keys;

/**
 * The staging labels Secrets Manager moves between a secret's versions as it rotates one
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/whats-in-a-secret.html#term_version).
 */
public final class SecretStages {
    /** The version in use: the key that signs. */
    public static final String CURRENT = "AWSCURRENT";
    /** The version before the last rotation: a key that still verifies. */
    public static final String PREVIOUS = "AWSPREVIOUS";
    /** The version a rotation is making; it signs nothing until it becomes current. */
    public static final String PENDING = "AWSPENDING";

    private SecretStages() {
    }
}
