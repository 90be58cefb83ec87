package io.github.gsi4j.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.gsi4j.tokenizer.PreTokenizers.PreTokenizer;

/**
 * A Hugging Face tokenizer read from {@code tokenizer.json}, encoding exactly as Hugging Face's
 * {@code tokenizers} does for the BPE tokenizers of generative models (byte-level: GPT-2, Qwen2/2.5/3,
 * Llama 3, DeepSeek-V3, gpt-oss; SentencePiece-style with byte fallback: Llama 2, Mistral):
 * <ol>
 * <li>added tokens are found in the raw text, leftmost then longest;</li>
 * <li>each piece between them is normalized (NFC for Qwen), and added tokens marked {@code normalized}
 * are found in the result;</li>
 * <li>the pre-tokenizer splits each remaining piece on the real characters, with Unicode semantics, and
 * byte-level tokenizers map each piece to its byte symbols (an unpaired surrogate, which is not text,
 * as U+FFFD's: see {@link Utf16});</li>
 * <li>BPE merges each piece by rank ({@code ignore_merges}: a piece that is a vocabulary entry is one
 * token);</li>
 * <li>with {@code addSpecialTokens}, the post-processor's BOS/EOS (see {@link SpecialTokens}).</li>
 * </ol>
 * Thread-safe and immutable (a bounded cache of merged pieces aside).
 */
public final class HfTokenizer {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final AddedTokens added;
    private final UnaryOperator<String> normalizer;
    private final boolean identityNormalizer;
    private final PreTokenizer preTokenizer;
    private final Bpe model;
    private final SpecialTokens specialTokens;
    private final Map<String, Integer> vocabulary;
    private final String[] tokens;
    private final Set<Integer> special;
    private final boolean byteLevel;
    private final int longestTokenBytes;

    private HfTokenizer(String name, JsonNode root, TokenizerConfig config) {
        this.name = name;
        JsonNode m = root.path("model");
        if (!m.path("type").asText("BPE").equals("BPE")) {
            throw new IllegalArgumentException(name + ": unsupported tokenizer model type '" + m.path("type").asText()
                    + "' (only BPE)");
        }
        try {
            Map<String, Integer> vocab = new HashMap<>(m.path("vocab").size() * 2);
            m.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().asInt()));
            this.added = new AddedTokens(root.path("added_tokens"));
            this.normalizer = Normalizers.of(root.get("normalizer"));
            this.identityNormalizer = Normalizers.isIdentity(root.get("normalizer"));
            this.preTokenizer = PreTokenizers.of(root.get("pre_tokenizer"));
            this.byteLevel = preTokenizer.byteLevel();
            this.model = new Bpe(m, vocab);
            Map<String, Integer> all = new HashMap<>(vocab);
            Set<Integer> specialIds = new HashSet<>();
            for (AddedTokens.Token t : added.tokens()) {
                all.put(t.content(), t.id());
                if (t.special()) {
                    specialIds.add(t.id());
                }
            }
            this.vocabulary = Collections.unmodifiableMap(all);
            this.special = Set.copyOf(specialIds);
            int size = all.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
            this.tokens = new String[size];
            all.forEach((token, id) -> tokens[id] = token);
            this.specialTokens = SpecialTokens.of(root.get("post_processor"), config, all);
            this.longestTokenBytes = computeLongestTokenBytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code tokenizer.json} (or {@code tokenizer.json.gz}) and, if present,
     * {@code tokenizer_config.json} of a folder.
     *
     * @throws IllegalArgumentException naming the folder when a file is missing, unreadable or unsupported
     */
    public static HfTokenizer load(Path folder) {
        try {
            return load(folder, TokenizerConfig.read(folder));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the tokenizer of " + folder + ": " + e.getMessage(), e);
        }
    }

    static HfTokenizer load(Path folder, TokenizerConfig config) throws IOException {
        return new HfTokenizer(folder.toString(), readJson(folder, "tokenizer.json"), config);
    }

    /** A tokenizer from parsed {@code tokenizer.json} and config; {@code name} appears in error messages. */
    public static HfTokenizer of(String name, JsonNode tokenizerJson, TokenizerConfig config) {
        return new HfTokenizer(name, tokenizerJson, config);
    }

    static JsonNode readJson(Path folder, String file) throws IOException {
        Path plain = folder.resolve(file);
        Path gz = folder.resolve(file + ".gz");
        if (Files.isRegularFile(plain)) {
            return JSON.readTree(plain.toFile());
        }
        if (Files.isRegularFile(gz)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                return JSON.readTree(in);
            }
        }
        throw new IllegalArgumentException("Tokenizer folder " + folder + " has no " + file);
    }

    /** The ids of {@code text} as {@code encode(text, add_special_tokens=False)}: special tokens typed in it match. */
    public int[] encode(String text) {
        return encode(text, null, false);
    }

    /** The ids of {@code text}, with the post-processor's BOS/EOS when {@code addSpecialTokens}. */
    public int[] encode(String text, boolean addSpecialTokens) {
        return encode(text, null, addSpecialTokens);
    }

    /** The ids of a rendered chat (no BOS/EOS added): its data characters never form added tokens. */
    public int[] encode(MarkedText text) {
        return encode(text.text(), text.data(), false);
    }

    /** {@link #encode(MarkedText)}, with the post-processor's BOS/EOS when {@code addSpecialTokens}. */
    public int[] encode(MarkedText text, boolean addSpecialTokens) {
        return encode(text.text(), text.data(), addSpecialTokens);
    }

    private int[] encode(String text, BitSet data, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        IntList out = new IntList(text.length() / 3 + 4);
        int from = 0;
        for (AddedTokens.Match match : added.find(text, data, false)) {
            encodeSegment(text, data, from, match.start(), out);
            out.add(match.token().id());
            from = match.end();
        }
        encodeSegment(text, data, from, text.length(), out);
        int[] ids = out.toArray();
        return addSpecialTokens ? specialTokens.apply(ids) : ids;
    }

    private void encodeSegment(String text, BitSet data, int from, int to, IntList out) {
        if (from >= to) {
            return;
        }
        String segment = text.substring(from, to);
        String normalized = normalizer.apply(segment);
        if (!added.hasNormalized()) {
            encodePiece(normalized, from == 0, out);
            return;
        }
        BitSet marks = identityNormalizer ? data == null ? null : data.get(from, to)
                : NormalizedMarks.of(segment, data == null ? null : data.get(from, to), normalizer, normalized);
        int start = 0;
        for (AddedTokens.Match match : added.find(normalized, marks, true)) {
            encodePiece(normalized.substring(start, match.start()), from == 0 && start == 0, out);
            out.add(match.token().id());
            start = match.end();
        }
        encodePiece(normalized.substring(start), from == 0 && start == 0, out);
    }

    private void encodePiece(String normalized, boolean atStart, IntList out) {
        if (normalized.isEmpty()) {
            return;
        }
        List<String> pieces = new java.util.ArrayList<>();
        preTokenizer.split(normalized, atStart, pieces);
        for (String p : pieces) {
            model.encode(p, out);
        }
    }

    /**
     * The text of token ids, added tokens written as their content (Hugging Face's
     * {@code decode(ids, skip_special_tokens=False)} without clean-up); malformed UTF-8 becomes U+FFFD.
     */
    public String decode(int[] ids) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int id : ids) {
            String t = token(id);
            if (t == null) {
                continue;
            }
            if (added.isAdded(id)) {
                bytes.writeBytes(t.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (byteLevel) {
                for (int i = 0; i < t.length(); i++) {
                    int b = ByteLevel.byteOf(t.charAt(i));
                    if (b >= 0) {
                        bytes.write(b);
                    } else {
                        bytes.writeBytes(String.valueOf(t.charAt(i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            } else if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
                bytes.write(Integer.parseInt(t.substring(3, 5), 16));
            } else {
                bytes.writeBytes(t.replace('\u2581', ' ').getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The most UTF-8 bytes one vocabulary token stands for (at least 1). */
    public int longestTokenBytes() {
        return longestTokenBytes;
    }

    private int computeLongestTokenBytes() {
        int longest = 1;
        for (int id = 0; id < tokens.length; id++) {
            if (tokens[id] != null && !added.isAdded(id)) {
                longest = Math.max(longest, byteLevel ? tokens[id].length() : Utf16.utf8(tokens[id]).length);
            }
        }
        return longest;
    }

    /** The number of token ids (vocabulary and added tokens; the largest id plus one). */
    public int size() {
        return tokens.length;
    }

    /** Every token (as the vocabulary writes it, byte symbols for byte-level tokenizers) with its id. */
    public Map<String, Integer> vocabulary() {
        return vocabulary;
    }

    /** The id of a token string (vocabulary form, or an added token's content). */
    public OptionalInt id(String token) {
        Integer id = vocabulary.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The token string of an id, or null when no token has it. */
    public String token(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    /** Whether {@code id} is a special added token (a control token, without text of its own). */
    public boolean isSpecial(int id) {
        return special.contains(id);
    }

    /** Whether the vocabulary is byte-level (GPT-2 byte symbols) rather than SentencePiece-style. */
    public boolean byteLevel() {
        return byteLevel;
    }

    /** The folder or name this tokenizer was read from. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "HfTokenizer[" + name + "]";
    }
}
