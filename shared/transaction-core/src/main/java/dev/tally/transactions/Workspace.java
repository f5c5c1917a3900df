package dev.tally.transactions;

import java.nio.ByteBuffer;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Mac;

/**
 * What one thread reuses from request to request: the digest, the MAC initialised with the last key, the
 * buffer of the signed message's transaction lines, and the current transaction's id and type as UTF-8.
 * Looking these up per request costs more than the hashing of a small batch.
 */
final class Workspace {
    private static final int INITIAL_LINE_BYTES = 4 * 1024;
    /** A buffer grown for a huge batch is not kept for the small ones that follow. */
    private static final int RETAINED_LINE_BYTES = 1 << 20;

    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private final MessageDigest sha256;
    private final Mac hmac;
    private SigningKey hmacKey;
    /** {@code id TAB type TAB amount \n} for each transaction read so far. */
    private byte[] lines = new byte[INITIAL_LINE_BYTES];
    private int linesLength;
    private final Field id = new Field(Limits.MAX_ID_LENGTH);
    private final Field type = new Field(Limits.MAX_TYPE_LENGTH);

    /** A string of the current transaction, as UTF-8 bytes. */
    static final class Field {
        private final byte[] bytes;
        private int length;

        private Field(int maxCharacters) {
            // UTF-8 takes at most four bytes a code point.
            bytes = new byte[4 * maxCharacters];
        }

        /** Takes {@code text[off, off+len)}: its byte count, or {@link Utf8}'s code for what it breaks. */
        int set(char[] text, int off, int len) {
            int n = Utf8.encode(text, off, len, bytes);
            length = Math.max(n, 0);
            return n;
        }

        boolean is(byte[] ascii) {
            return Arrays.equals(bytes, 0, length, ascii, 0, ascii.length);
        }
    }

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

    Field id() {
        return id;
    }

    Field type() {
        return type;
    }

    /**
     * Ends the current transaction: appends its line {@code id TAB type TAB amount \n}, the amount in canonical
     * text, and, for a credit, feeds its id to the digest.
     */
    void endTransaction(ExactSum amount, boolean credit) {
        int needed = linesLength + id.length + type.length + ExactSum.MAX_CANONICAL_LENGTH + 3;
        if (needed > lines.length) {
            lines = Arrays.copyOf(lines, Math.max(needed, lines.length * 2));
        }
        System.arraycopy(id.bytes, 0, lines, linesLength, id.length);
        linesLength += id.length;
        lines[linesLength++] = '\t';
        System.arraycopy(type.bytes, 0, lines, linesLength, type.length);
        linesLength += type.length;
        lines[linesLength++] = '\t';
        linesLength = amount.writePendingCanonical(lines, linesLength);
        lines[linesLength++] = '\n';
        if (credit) {
            sha256.update(id.bytes, 0, id.length);
        }
    }

    /** The hex SHA-256 of the credits' IDs read since {@link #acquire()}. */
    String digest() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The transactions' lines read since {@link #acquire()}, read-only, until this thread reads its next batch. */
    ByteBuffer lines() {
        return ByteBuffer.wrap(lines, 0, linesLength).asReadOnlyBuffer();
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
}
