package io.github.gsi4j.tokenizer;

/**
 * GPT-2's byte-to-character table, used by byte-level BPE vocabularies (GPT-2, Qwen2, Llama 3,
 * DeepSeek-V3, gpt-oss): the printable bytes stand for themselves, the other bytes map to the
 * characters from U+0100 on, in byte order.
 */
public final class ByteLevel {

    private static final char[] SYMBOL = new char[256];
    private static final int[] BYTE = new int[512];

    static {
        java.util.Arrays.fill(BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            SYMBOL[b] = printable ? (char) b : (char) next++;
            BYTE[SYMBOL[b]] = b;
        }
    }

    private ByteLevel() {
    }

    /** The symbols of the UTF-8 bytes of {@code text} (an unpaired surrogate as U+FFFD's: see {@link Utf16}). */
    public static String symbols(String text) {
        byte[] bytes = Utf16.utf8(text);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = SYMBOL[bytes[i] & 0xff];
        }
        return new String(out);
    }

    /** The byte a symbol stands for, or -1 when it is not a byte-level symbol. */
    public static int byteOf(char symbol) {
        return symbol < BYTE.length ? BYTE[symbol] : -1;
    }
}
