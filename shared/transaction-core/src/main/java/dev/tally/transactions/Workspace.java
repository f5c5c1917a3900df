package dev.tally.transactions;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.InvalidKeyException;
import java.util.Arrays;

import javax.crypto.Mac;

/**
 * What one thread reuses from request to request: the digest, the MAC initialised with the last key,
 * the buffer of the signed message's transaction lines, and the current transaction's id and type bytes.
 * Looking these up per request costs more than the hashing of a small batch.
 */
final class Workspace {
    private static final int INITIAL_LINE_BYTES = 4 * 1024;
    /** A buffer grown for a huge batch is not kept for the small ones that follow. */
    private static final int RETAINED_LINE_BYTES = 1 << 20;
    /** UTF-8 takes at most four bytes a code point. */
    private static final int MAX_FIELD_BYTES = 4 * BatchReader.MAX_ID_LENGTH;

    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    final MessageDigest sha256;
    private final Mac hmac;
    private SigningKey hmacKey;
    /** {@code id TAB type TAB amount \n} for each transaction read so far. */
    byte[] lines = new byte[INITIAL_LINE_BYTES];
    int linesLength;
    final byte[] id = new byte[MAX_FIELD_BYTES];
    int idLength;
    final byte[] type = new byte[MAX_FIELD_BYTES];
    int typeLength;

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
        workspace.linesLength = 0;
        if (workspace.lines.length > RETAINED_LINE_BYTES) {
            workspace.lines = new byte[INITIAL_LINE_BYTES];
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

    /** Appends the transaction line {@code id TAB type TAB amount \n}, the amount in canonical text. */
    void appendLine(ExactSum amount) {
        int needed = linesLength + idLength + typeLength + ExactSum.MAX_CANONICAL_LENGTH + 3;
        if (needed > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(needed, lines.length * 2));
        }
        System.arraycopy(id, 0, lines, linesLength, idLength);
        linesLength += idLength;
        lines[linesLength++] = '\t';
        System.arraycopy(type, 0, lines, linesLength, typeLength);
        linesLength += typeLength;
        lines[linesLength++] = '\t';
        linesLength = amount.writePendingCanonical(lines, linesLength);
        lines[linesLength++] = '\n';
    }
}
