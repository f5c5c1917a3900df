package dev.tally.transactions;

/**
 * WORKLOAD.md's rule for every string a request carries, in one place: no control character (U+0000 to U+001F,
 * U+007F), and well-formed Unicode (an unpaired surrogate would be written as {@code ?} by a lossy encoder,
 * so two batches would sign alike). Written without a {@code String}: a batch's IDs and types go straight from
 * the parser's characters to the signed message's bytes.
 */
final class Utf8 {
    static final int CONTROL_CHARACTER = -1;
    static final int UNPAIRED_SURROGATE = -2;

    private Utf8() {
    }

    /**
     * Checks {@code text[off, off+len)} and writes its UTF-8 bytes to {@code out}, or only checks it where
     * {@code out} is null: the number of bytes, or {@link #CONTROL_CHARACTER} or {@link #UNPAIRED_SURROGATE}.
     */
    static int encode(char[] text, int off, int len, byte[] out) {
        int n = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            char c = text[i];
            if (c < 0x80) {
                if (c < 0x20 || c == 0x7F) {
                    return CONTROL_CHARACTER;
                }
                if (out != null) {
                    out[n] = (byte) c;
                }
                n++;
            } else if (c < 0x800) {
                if (out != null) {
                    out[n] = (byte) (0xC0 | c >> 6);
                    out[n + 1] = (byte) (0x80 | c & 0x3F);
                }
                n += 2;
            } else if (!Character.isSurrogate(c)) {
                if (out != null) {
                    out[n] = (byte) (0xE0 | c >> 12);
                    out[n + 1] = (byte) (0x80 | c >> 6 & 0x3F);
                    out[n + 2] = (byte) (0x80 | c & 0x3F);
                }
                n += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(text[i + 1])) {
                int cp = Character.toCodePoint(c, text[++i]);
                if (out != null) {
                    out[n] = (byte) (0xF0 | cp >> 18);
                    out[n + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
                    out[n + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
                    out[n + 3] = (byte) (0x80 | cp & 0x3F);
                }
                n += 4;
            } else {
                return UNPAIRED_SURROGATE;
            }
        }
        return n;
    }
}
