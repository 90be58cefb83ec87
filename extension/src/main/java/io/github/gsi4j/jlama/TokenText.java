package io.github.gsi4j.jlama;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.github.tjake.jlama.safetensors.tokenizer.BPETokenizer;
import com.github.tjake.jlama.safetensors.tokenizer.TokenizerModel;
import com.google.common.collect.BiMap;

/**
 * The exact bytes of every token id, for decoding steps and finding step ends without Jlama's
 * stateful {@code decode} (which buffers bytes across calls and strips leading spaces).
 *
 * <p>
 * Byte-level vocabularies (GPT-2, Qwen2, Llama 3) map each symbol back through the byte-to-unicode
 * table; SentencePiece vocabularies map {@code ▁} to a space and {@code <0xNN>} to byte NN. Special
 * tokens and ids beyond the tokenizer's vocabulary (padding rows of the output layer) have no text.
 */
final class TokenText {

    private final byte[][] bytes;
    private final boolean byteLevel;

    TokenText(TokenizerModel tokenizer, int vocabularySize) {
        this.byteLevel = tokenizer.isLegacy() && !tokenizer.byteFallback;
        this.bytes = new byte[vocabularySize][];
        BiMap<Long, String> byId = tokenizer.vocabLookup.inverse();
        for (int id = 0; id < vocabularySize; id++) {
            String symbol = byId.get((long) id);
            bytes[id] = symbol == null || tokenizer.isSpecialToken(symbol) ? new byte[0] : toBytes(symbol);
        }
    }

    private byte[] toBytes(String symbol) {
        if (byteLevel) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            symbol.codePoints().forEach(cp -> {
                Integer original = BPETokenizer.alteredBytes.inverse().get(cp);
                if (original != null) {
                    out.write(original);
                } else if (cp < 256) {
                    out.write(cp);
                } else {
                    out.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                }
            });
            return out.toByteArray();
        }
        if (symbol.length() == 6 && symbol.startsWith("<0x") && symbol.endsWith(">")) {
            return new byte[] { (byte) Integer.parseInt(symbol.substring(3, 5), 16) };
        }
        return symbol.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of one token (empty for special and padding tokens); not to be modified. */
    byte[] bytes(int token) {
        return token >= 0 && token < bytes.length ? bytes[token] : new byte[0];
    }

    /** The UTF-8 text of a token sequence (malformed sequences become U+FFFD). */
    String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t : tokens) {
            out.writeBytes(bytes(t));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Finds the end of a step in text arriving token by token, looking only at the bytes a match can span. */
    final class StepEnd {
        private final byte[] delimiter;
        /** The last {@code delimiter.length - 1} bytes seen: the only ones a new match can start in. */
        private byte[] tail = new byte[0];

        StepEnd(String delimiter) {
            this.delimiter = delimiter.getBytes(StandardCharsets.UTF_8);
        }

        /** Appends a token; true once the step's text contains the delimiter. */
        boolean append(int token) {
            byte[] added = bytes(token);
            byte[] window = new byte[tail.length + added.length];
            System.arraycopy(tail, 0, window, 0, tail.length);
            System.arraycopy(added, 0, window, tail.length, added.length);
            for (int start = 0; start + delimiter.length <= window.length; start++) {
                if (matches(window, start)) {
                    return true;
                }
            }
            int keep = Math.min(window.length, delimiter.length - 1);
            tail = java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
            return false;
        }

        private boolean matches(byte[] all, int start) {
            for (int i = 0; i < delimiter.length; i++) {
                if (all[start + i] != delimiter[i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
