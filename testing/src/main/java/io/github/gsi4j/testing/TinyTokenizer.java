package io.github.gsi4j.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real byte-level BPE tokenizer (the GPT-2 / Qwen2 layout of {@code tokenizer.json}) trained on a
 * small fixed corpus: ids 0–255 are the bytes (as GPT-2's printable byte symbols), then the learned
 * merges, then the special tokens of the ChatML template. Deterministic.
 */
public final class TinyTokenizer {

    /** The beginning-of-sequence token. */
    public static final String ENDOFTEXT = "<|endoftext|>";
    /** ChatML's start of a turn. */
    public static final String IM_START = "<|im_start|>";
    /** ChatML's end of a turn: the models' end-of-sequence token. */
    public static final String IM_END = "<|im_end|>";

    /** The corpus the merges are learned from: short step-by-step math answers. */
    static final String CORPUS = """
            The answer is 4.

            First, add the numbers. Then, multiply the result by two.

            So the final answer is \\boxed{4}.

            Let x be the number of apples. Then x + 2 = 6, so x = 4.

            The sum of the first two numbers is 3, and the product is 2.

            We need to find the value of x. The answer is \\boxed{12}.
            """;

    private static final char[] BYTE_SYMBOL = ByteLevelBpeFiles.byteSymbols();

    private final List<String> vocab = new ArrayList<>();
    private final List<String[]> merges = new ArrayList<>();

    /** Learns {@code mergeCount} merges from the corpus. */
    public TinyTokenizer(int mergeCount) {
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(BYTE_SYMBOL[b]));
        }
        List<List<String>> words = new ArrayList<>();
        for (String piece : CORPUS.split("(?<=\\n)(?!\\n)|(?= )")) {
            List<String> symbols = new ArrayList<>();
            for (byte b : piece.getBytes(StandardCharsets.UTF_8)) {
                symbols.add(String.valueOf(BYTE_SYMBOL[b & 0xff]));
            }
            words.add(symbols);
        }
        for (int m = 0; m < mergeCount; m++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (List<String> w : words) {
                for (int i = 0; i + 1 < w.size(); i++) {
                    counts.merge(w.get(i) + " " + w.get(i + 1), 1, Integer::sum);
                }
            }
            String best = null;
            int bestCount = 1;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > bestCount) {
                    best = e.getKey();
                    bestCount = e.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ");
            merges.add(pair);
            vocab.add(pair[0] + pair[1]);
            for (List<String> w : words) {
                merge(w, pair);
            }
        }
        vocab.add(ENDOFTEXT);
        vocab.add(IM_START);
        vocab.add(IM_END);
    }

    /** A fingerprint of the vocabulary and merges, to tell generated models of different tokenizers apart. */
    public int fingerprint() {
        int h = vocab.hashCode();
        for (String[] m : merges) {
            h = 31 * h + java.util.Arrays.hashCode(m);
        }
        return h;
    }

    /** The number of tokens (bytes, merges and special tokens). */
    public int size() {
        return vocab.size();
    }

    /** The id of a vocabulary entry (a byte-level symbol string or a special token). */
    public int id(String symbol) {
        int id = vocab.indexOf(symbol);
        if (id < 0) {
            throw new IllegalArgumentException("not in vocabulary: " + symbol);
        }
        return id;
    }

    /**
     * The token ids of {@code text}, as Hugging Face's tokenizer encodes it with the {@code tokenizer.json} this
     * class writes (no special tokens added): the special tokens where they occur, and each stretch between them as
     * one byte-level word (the pre-tokenizer splits nothing) on which the merges apply in the order learned.
     */
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int at = text.length();
            String special = null;
            for (String s : List.of(ENDOFTEXT, IM_START, IM_END)) {
                int i = text.indexOf(s, from);
                if (i >= 0 && i < at) {
                    at = i;
                    special = s;
                }
            }
            encodeWord(text.substring(from, at), ids);
            if (special == null) {
                break;
            }
            ids.add(id(special));
            from = at + special.length();
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The prompt ids of one user message in this tokenizer's ChatML chat template, the assistant's turn opened (what
     * the template renders with {@code add_generation_prompt}). Special tokens typed in the message are its text, not
     * control tokens, as the library encodes messages.
     */
    public int[] chatPrompt(String userMessage) {
        List<Integer> ids = new ArrayList<>();
        ids.add(id(IM_START));
        encodeWord("user\n" + userMessage, ids);
        ids.add(id(IM_END));
        encodeWord("\n", ids);
        ids.add(id(IM_START));
        encodeWord("assistant\n", ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodeWord(String text, List<Integer> out) {
        List<String> word = new ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            word.add(String.valueOf(BYTE_SYMBOL[b & 0xff]));
        }
        for (String[] pair : merges) {
            merge(word, pair);
        }
        for (String symbol : word) {
            out.add(id(symbol));
        }
    }

    /** Replaces every occurrence of {@code pair} in {@code word}, left to right, by the merged symbol. */
    private static void merge(List<String> word, String[] pair) {
        for (int i = 0; i + 1 < word.size(); i++) {
            if (word.get(i).equals(pair[0]) && word.get(i + 1).equals(pair[1])) {
                word.set(i, pair[0] + pair[1]);
                word.remove(i + 1);
            }
        }
    }

    /** The byte-level symbol string of UTF-8 text (the form vocabulary entries take). */
    public static String symbols(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            sb.append(BYTE_SYMBOL[b & 0xff]);
        }
        return sb.toString();
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} (ChatML template) into {@code dir}. */
    public void write(Path dir) throws IOException {
        Map<String, Integer> vocabMap = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size() - 3; i++) {
            vocabMap.put(vocab.get(i), i);
        }
        Map<String, Integer> specials = new LinkedHashMap<>();
        for (String special : List.of(ENDOFTEXT, IM_START, IM_END)) {
            specials.put(special, id(special));
        }
        List<String> mergeStrings = new ArrayList<>();
        for (String[] m : merges) {
            mergeStrings.add(m[0] + " " + m[1]);
        }
        ByteLevelBpeFiles.write(dir, vocabMap, mergeStrings, specials, ENDOFTEXT, IM_END, 2048);
    }
}
