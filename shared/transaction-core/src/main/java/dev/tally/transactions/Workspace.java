package dev.tally.transactions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.util.Arrays;

import javax.crypto.Mac;

/**
 * What one thread reuses from request to request: the digest, the MAC initialised with the last key,
 * and the buffer of credit IDs. Looking these up per request costs more than the hashing of a small batch.
 */
final class Workspace {
    private static final int INITIAL_ID_BYTES = 4 * 1024;
    /** A buffer grown for a huge batch is not kept for the small ones that follow. */
    private static final int RETAINED_ID_BYTES = 1 << 20;

    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    final MessageDigest sha256;
    private final Mac hmac;
    private SigningKey hmacKey;
    byte[] ids = new byte[INITIAL_ID_BYTES];
    int idsLength;

    private Workspace() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are required of every Java platform", e);
        }
    }

    static Workspace acquire() {
        Workspace workspace = CURRENT.get();
        workspace.sha256.reset();
        workspace.idsLength = 0;
        if (workspace.ids.length > RETAINED_ID_BYTES) {
            workspace.ids = new byte[INITIAL_ID_BYTES];
        }
        return workspace;
    }

    Mac hmac(SigningKey key) {
        if (hmacKey != key) {
            try {
                hmac.init(key.spec());
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("HmacSHA256 refused signing key " + key.version(), e);
            }
            hmacKey = key;
        }
        return hmac;
    }

    void ensureIdCapacity(int extra) {
        int needed = idsLength + extra;
        if (needed > ids.length) {
            ids = Arrays.copyOf(ids, Math.max(needed, ids.length * 2));
        }
    }
}
