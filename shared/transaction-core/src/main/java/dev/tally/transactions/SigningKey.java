package dev.tally.transactions;

import java.util.Arrays;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

/** HMAC key material and the version that names it. {@link #toString()} never shows the material. */
public final class SigningKey {
    /** Shorter keys are weaker than the HMAC-SHA256 output they protect (RFC 2104, section 3). */
    public static final int MIN_LENGTH_BYTES = 32;

    private final SecretKeySpec spec;
    private final String version;

    public SigningKey(byte[] material, String version) {
        Objects.requireNonNull(material, "material");
        if (material.length < MIN_LENGTH_BYTES) {
            throw new IllegalArgumentException(
                    "signing key " + version + " has " + material.length + " bytes; at least " + MIN_LENGTH_BYTES + " are needed");
        }
        if (version == null || version.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs a version");
        }
        this.spec = new SecretKeySpec(Arrays.copyOf(material, material.length), "HmacSHA256");
        this.version = version;
    }

    public String version() {
        return version;
    }

    SecretKeySpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return "SigningKey[version=" + version + "]";
    }
}
