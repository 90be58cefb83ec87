package io.github.gsi4j.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes tiny but real transformer models that Jlama's own loader reads: {@code config.json},
 * {@code tokenizer.json}, {@code tokenizer_config.json} and an F32 {@code model.safetensors} in the
 * Llama or Qwen2 layout (hidden size 64, 2 layers, 4 query heads over 2 key/value heads, vocabulary
 * padded to a multiple of 64). Deterministic from the spec; models are written once per folder.
 *
 * <p>
 * Weights come in three modes: random; a perturbation of another random model (a base close to its
 * draft, as a real draft approximates its base); and "bigram", where attention and MLP outputs are zero
 * so the residual stream is the current token's embedding, and the output layer maps designated tokens
 * to a designated successor with a large logit margin: the model follows a known next-token table.
 */
public final class TinyModel {

    /** The tiny models' hidden size. */
    public static final int HIDDEN = 64;
    /** The tiny models' MLP inner size. */
    public static final int INTERMEDIATE = 128;
    /** The tiny models' number of blocks. */
    public static final int LAYERS = 2;
    /** The tiny models' query heads. */
    public static final int HEADS = 4;
    /** The tiny models' key/value heads. */
    public static final int KV_HEADS = 2;
    /** The tiny models' head size. */
    public static final int HEAD_DIM = HIDDEN / HEADS;
    /** Every model's context length ({@code max_position_embeddings}). */
    public static final int CONTEXT = 2048;
    /** The number of merges the shared tokenizer learns. */
    public static final int MERGES = 50;

    /** The shared tokenizer of every tiny model. */
    public static final TinyTokenizer TOKENIZER = new TinyTokenizer(MERGES);
    /** The config vocabulary size: the tokenizer's, padded to a multiple of 64. */
    public static final int VOCAB = (TOKENIZER.size() + 63) / 64 * 64;

    /** The weight layouts written. */
    public enum Architecture {
        /** Llama: no attention biases. */
        LLAMA,
        /** Qwen2: biases on the query, key and value projections. */
        QWEN2
    }

    /**
     * The transformer's sizes.
     *
     * @param hidden the hidden size
     * @param intermediate the MLP's inner size
     * @param layers the number of blocks
     * @param heads query heads
     * @param kvHeads key/value heads
     */
    public record Dims(int hidden, int intermediate, int layers, int heads, int kvHeads) {
        /** The test fixtures' size. */
        public static final Dims TINY = new Dims(HIDDEN, INTERMEDIATE, LAYERS, HEADS, KV_HEADS);
        /** A size for benchmarks (about 25M parameters): per-token costs dominate, as in real models. */
        public static final Dims SMALL = new Dims(512, 1376, 8, 8, 4);

        int headDim() {
            return hidden / heads;
        }
    }

    /**
     * What to write.
     *
     * @param architecture the layout
     * @param seed the random weights' seed
     * @param noiseSeed with {@code noise > 0}: the seed of the perturbation added to the weights of {@code seed}
     * @param noise the perturbation's standard deviation relative to each weight's scale (0: none)
     * @param bigram next-token table (token id → successor id) for bigram mode; empty for random weights
     * @param margin bigram mode: the successor's logit above every other token's
     * @param dims the transformer's sizes
     * @param tied whether the output layer is the embedding matrix (no {@code lm_head.weight}, as in Qwen2.5's
     *        small models)
     */
    public record Spec(Architecture architecture, long seed, long noiseSeed, double noise, Map<Integer, Integer> bigram,
            double margin, Dims dims, boolean tied) {

        /** Random weights of {@code seed}. */
        public static Spec random(Architecture a, long seed) {
            return new Spec(a, seed, 0, 0, Map.of(), 0, Dims.TINY, false);
        }

        /** The random weights of {@code seed} plus noise of {@code noiseSeed}, {@code noise} of each weight's scale. */
        public static Spec perturbed(Architecture a, long seed, long noiseSeed, double noise) {
            return new Spec(a, seed, noiseSeed, noise, Map.of(), 0, Dims.TINY, false);
        }

        /** A model following the next-token table {@code next}, each successor {@code margin} logits ahead. */
        public static Spec bigram(Architecture a, long seed, Map<Integer, Integer> next, double margin) {
            return new Spec(a, seed, 0, 0, Map.copyOf(next), margin, Dims.TINY, false);
        }

        /** The same model with other sizes. */
        public Spec withDims(Dims newDims) {
            return new Spec(architecture, seed, noiseSeed, noise, bigram, margin, newDims, tied);
        }

        /** The same model with the output layer tied to the embeddings (random weights only). */
        public Spec withTiedEmbeddings() {
            if (!bigram.isEmpty()) {
                throw new IllegalArgumentException("a bigram model has its own output layer");
            }
            return new Spec(architecture, seed, noiseSeed, noise, bigram, margin, dims, true);
        }

        String folderName() {
            return "t" + Integer.toHexString(TOKENIZER.fingerprint()) + "-" + architecture.name().toLowerCase() + "-" + seed
                    + (noise > 0 ? "-n" + noiseSeed + "-" + noise : "")
                    + (bigram.isEmpty() ? "" : "-bigram" + Integer.toHexString(bigram.hashCode()) + "-" + margin)
                    + (dims.equals(Dims.TINY) ? "" : "-h" + dims.hidden() + "l" + dims.layers()) + (tied ? "-tied" : "");
        }
    }

    private TinyModel() {
    }

    /** The folder under {@code root} holding the model of {@code spec}, written if not there yet. */
    public static synchronized Path write(Path root, Spec spec) {
        Path dir = root.resolve(spec.folderName());
        if (Files.exists(dir.resolve("model.safetensors"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            TOKENIZER.write(dir);
            writeConfig(dir, spec.architecture(), spec.dims(), spec.tied());
            writeWeights(dir.resolve("model.safetensors"), spec);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write tiny model to " + dir, e);
        }
    }

    /** The default fixture root: {@code target/tiny-models} under the working directory. */
    public static Path defaultRoot() {
        return Path.of("target", "tiny-models").toAbsolutePath();
    }

    private static void writeConfig(Path dir, Architecture a, Dims d, boolean tied) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of(a == Architecture.LLAMA ? "LlamaForCausalLM" : "Qwen2ForCausalLM"));
        c.put("model_type", a.name().toLowerCase());
        c.put("hidden_size", d.hidden());
        c.put("intermediate_size", d.intermediate());
        c.put("num_attention_heads", d.heads());
        c.put("num_key_value_heads", d.kvHeads());
        c.put("num_hidden_layers", d.layers());
        c.put("max_position_embeddings", CONTEXT);
        c.put("rms_norm_eps", 1e-6);
        c.put("vocab_size", VOCAB);
        c.put("bos_token_id", TOKENIZER.id(TinyTokenizer.ENDOFTEXT));
        c.put("eos_token_id", TOKENIZER.id(TinyTokenizer.IM_END));
        c.put("hidden_act", "silu");
        c.put("rope_theta", 10000.0);
        c.put("tie_word_embeddings", tied);
        c.put("torch_dtype", "float32");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("config.json").toFile(), c);
    }

    private static void writeWeights(Path file, Spec spec) throws IOException {
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Weights w = new Weights(spec, tensors, shapes);
        boolean bigram = !spec.bigram().isEmpty();

        Dims d = spec.dims();
        int h = d.hidden();
        int kv = d.kvHeads() * d.headDim();
        // tied: the embeddings are also the output layer, scaled like an untied one so logits stay moderate
        w.put("model.embed_tokens.weight", spec.tied() ? 2.5 / Math.sqrt(h) : 1.0, VOCAB, h);
        for (int i = 0; i < d.layers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(p + "self_attn.q_proj.weight", 1 / Math.sqrt(h), h, h);
            w.put(p + "self_attn.k_proj.weight", 1 / Math.sqrt(h), kv, h);
            w.put(p + "self_attn.v_proj.weight", 1 / Math.sqrt(h), kv, h);
            w.put(p + "self_attn.o_proj.weight", bigram ? 0 : 1 / Math.sqrt(h), h, h);
            if (spec.architecture() == Architecture.QWEN2) {
                w.put(p + "self_attn.q_proj.bias", bigram ? 0 : 0.1, h);
                w.put(p + "self_attn.k_proj.bias", bigram ? 0 : 0.1, kv);
                w.put(p + "self_attn.v_proj.bias", bigram ? 0 : 0.1, kv);
            }
            w.put(p + "mlp.gate_proj.weight", 1 / Math.sqrt(h), d.intermediate(), h);
            w.put(p + "mlp.up_proj.weight", 1 / Math.sqrt(h), d.intermediate(), h);
            w.put(p + "mlp.down_proj.weight", bigram ? 0 : 1 / Math.sqrt(d.intermediate()), h, d.intermediate());
            w.ones(p + "input_layernorm.weight", h);
            w.ones(p + "post_attention_layernorm.weight", h);
        }
        w.ones("model.norm.weight", h);
        if (!spec.tied()) {
            w.put("lm_head.weight", 2.5 / Math.sqrt(h), VOCAB, h);
        }
        if (bigram) {
            makeBigram(spec, tensors.get("model.embed_tokens.weight"), tensors.get("lm_head.weight"));
        }
        writeSafetensors(file, tensors, shapes);
    }

    /**
     * Token t of the table gets the basis vector e_slot as its embedding; the output row of its
     * successor s gets margin·e_slot/√hidden. RMSNorm maps e_slot to √hidden·e_slot, so the logit of s
     * after t is exactly {@code margin} and that of every other token 0.
     */
    private static void makeBigram(Spec spec, float[] embed, float[] lmHead) {
        int hidden = spec.dims().hidden();
        if (spec.bigram().size() > hidden) {
            throw new IllegalArgumentException("a bigram table has at most " + hidden + " entries");
        }
        java.util.Arrays.fill(lmHead, 0f);
        int slot = 0;
        for (Map.Entry<Integer, Integer> e : new java.util.TreeMap<>(spec.bigram()).entrySet()) {
            int t = e.getKey();
            java.util.Arrays.fill(embed, t * hidden, (t + 1) * hidden, 0f);
            embed[t * hidden + slot] = 1f;
            lmHead[e.getValue() * hidden + slot] = (float) (spec.margin() * Math.sqrt(1.0 / hidden));
            slot++;
        }
    }

    /** Draws weights from the spec's seeds in a fixed order, so a tensor is the same in every mode. */
    private static final class Weights {
        private final Map<String, float[]> tensors;
        private final Map<String, int[]> shapes;
        private final SplittableRandom random;
        private final SplittableRandom noise;
        private final double noiseScale;

        Weights(Spec spec, Map<String, float[]> tensors, Map<String, int[]> shapes) {
            this.tensors = tensors;
            this.shapes = shapes;
            this.random = new SplittableRandom(spec.seed());
            this.noise = new SplittableRandom(spec.noiseSeed());
            this.noiseScale = spec.noise();
        }

        void put(String name, double scale, int... shape) {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            float[] data = new float[size];
            for (int i = 0; i < size; i++) {
                double v = gaussian(random) * scale;
                if (noiseScale > 0) {
                    v += gaussian(noise) * scale * noiseScale;
                }
                data[i] = (float) v;
            }
            tensors.put(name, data);
            shapes.put(name, shape);
        }

        void ones(String name, int size) {
            float[] data = new float[size];
            java.util.Arrays.fill(data, 1f);
            tensors.put(name, data);
            shapes.put(name, new int[] { size });
        }

        private static double gaussian(SplittableRandom r) {
            return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
    }

    /** The safetensors format: 8-byte little-endian header length, JSON header, then raw F32 data. */
    static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, int[]> shapes)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().length;
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            info.put("shape", shapes.get(e.getKey()));
            info.put("data_offsets", new long[] { offset, offset + bytes });
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = new byte[padded];
        java.util.Arrays.fill(headerBytes, (byte) ' ');
        System.arraycopy(json, 0, headerBytes, 0, json.length);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headerBytes);
            for (float[] data : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(data);
                out.write(buf.array());
            }
        }
    }
}
