package io.github.gsi4j.tokenizer;

/**
 * Unicode helpers. Unpaired surrogates, which Java (and JavaScript) strings may hold, are not text: they
 * have no UTF-8 form, and Hugging Face's Rust tokenizer cannot even receive them (Python raises a
 * {@code UnicodeEncodeError}). The encoder keeps them as characters of their own for splitting (they
 * are neither letters, numbers nor symbols to the pre-tokenizer patterns) and writes each as the UTF-8
 * of U+FFFD, the replacement character, which is what Hugging Face's JavaScript tokenizer does (its
 * {@code TextEncoder} writes U+FFFD for them).
 */
public final class Utf16 {

    private Utf16() {
    }

    /**
     * Unicode's White_Space property (Rust's {@code char::is_whitespace}, Oniguruma's {@code \s}); unlike
     * {@link Character#isWhitespace(int)} it includes NBSP and U+202F.
     */
    public static boolean isWhiteSpace(int cp) {
        return (cp >= 9 && cp <= 13) || cp == 0x85 || Character.isSpaceChar(cp);
    }

    /** The UTF-8 bytes of {@code text}, each unpaired surrogate written as U+FFFD's. */
    public static byte[] utf8(String text) {
        byte[] out = new byte[text.length() * 3];
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                int cp = Character.isSurrogate(c) ? 0xFFFD : c;
                out[n++] = (byte) (0xE0 | (cp >> 12));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** {@code text} with each unpaired surrogate replaced by U+FFFD (the same string when it has none). */
    public static String replaceUnpairedSurrogates(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (sb != null) {
                    sb.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (sb == null) {
                    sb = new StringBuilder(text.length()).append(text, 0, i);
                }
                sb.append('\uFFFD');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
