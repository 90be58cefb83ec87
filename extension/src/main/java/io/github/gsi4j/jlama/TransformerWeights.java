package io.github.gsi4j.jlama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.math.ActivationFunction;
import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.Config;
import com.github.tjake.jlama.safetensors.DType;

/**
 * The weights of a Llama or Qwen2 model in the batched decoder's packed layout ({@link PackedMatrix}), with
 * the sizes the forward pass needs. The query, key and value projections are one matrix (and their biases,
 * for Qwen2, one vector), as are the MLP's gate and up projections. The output layer is the embedding
 * matrix when the model ties them (no {@code lm_head.weight}), as Jlama does. Heap arrays, immutable once
 * packed: replicas of a model share one instance, and the garbage collector frees it with the last of them.
 */
final class TransformerWeights {

    /** The architectures the batched decoder runs. */
    static final Set<ModelSupport.ModelType> SUPPORTED = Set.of(ModelSupport.ModelType.LLAMA,
            ModelSupport.ModelType.QWEN2);

    /** One transformer block. */
    record Layer(float[] attentionNorm, PackedMatrix qkv, float[] qkvBias, PackedMatrix output, float[] mlpNorm,
            PackedMatrix gateUp, PackedMatrix down) {
    }

    final int hidden;
    final int heads;
    final int kvHeads;
    final int headDim;
    final int intermediate;
    final int vocabulary;
    final float eps;
    /** Rotary frequencies, one per pair of dimensions (Hugging Face's rotate-half pairing). */
    final double[] inverseFrequencies;
    final Layer[] layers;
    final float[] finalNorm;
    final PackedMatrix embedding;
    final PackedMatrix lmHead;
    final PackedMatrix.Format format;

    private TransformerWeights(AbstractModel model, Path folder, DraftQuantization quantization) {
        Config c = model.getConfig();
        hidden = c.embeddingLength;
        heads = c.numberOfHeads;
        kvHeads = c.numberOfKeyValueHeads;
        headDim = c.headSize;
        intermediate = c.hiddenLength;
        vocabulary = c.vocabularySize;
        eps = c.layerNormEps;
        inverseFrequencies = ropeFrequencies(folder, headDim);
        boolean qkvBias = model.getModelType() == ModelSupport.ModelType.QWEN2;
        try (SafetensorsFiles files = new SafetensorsFiles(folder)) {
            format = format(files, quantization, folder);
            layers = new Layer[c.numberOfLayers];
            IntStream.range(0, layers.length).parallel().forEach(i -> layers[i] = layer(files, i, qkvBias));
            finalNorm = files.vector("model.norm.weight");
            embedding = PackedMatrix.pack(files, List.of("model.embed_tokens.weight"), format);
            lmHead = files.has("lm_head.weight")
                    ? PackedMatrix.pack(files, List.of("lm_head.weight"), format)
                    : embedding;
        }
    }

    /**
     * Why the batched decoder cannot run {@code model}, or empty when it can: a Llama or Qwen2 model with
     * SiLU, no logit or attention scaling, and sizes the panels divide.
     */
    static Optional<String> unsupported(AbstractModel model) {
        Config c = model.getConfig();
        if (!SUPPORTED.contains(model.getModelType())) {
            return Optional.of("the batched decoder runs " + SUPPORTED.stream().map(Enum::name).sorted().toList()
                    + ", not " + model.getModelType());
        }
        if (c.activationFunction != ActivationFunction.Type.SILU || c.residualMultiplier != null
                || c.attentionMultiplier != null || c.embeddingMultiplier != null || c.logitMultiplier != null
                || c.finalLogitSoftCapping != null || c.attnLogitSoftCapping != null) {
            return Optional.of("the batched decoder runs SiLU models without logit, residual or attention scaling");
        }
        if (c.numberOfHeads % c.numberOfKeyValueHeads != 0 || c.headSize % 16 != 0 || c.embeddingLength % 16 != 0) {
            return Optional.of("the batched decoder needs a head size and hidden size that are multiples of 16");
        }
        return Optional.empty();
    }

    /**
     * Packs the weights of {@code model}, loaded from {@code folder}.
     *
     * @throws IllegalArgumentException when the model is {@link #unsupported} or a tensor cannot be packed
     */
    static TransformerWeights load(AbstractModel model, Path folder, DraftQuantization quantization) {
        unsupported(model).ifPresent(reason -> {
            throw new IllegalArgumentException(reason + ": " + folder);
        });
        return new TransformerWeights(model, folder, quantization);
    }

    private static PackedMatrix.Format format(SafetensorsFiles files, DraftQuantization quantization, Path folder) {
        DType stored = files.dtype("model.layers.0.self_attn.q_proj.weight");
        PackedMatrix.Format own = switch (stored) {
            case I8 -> PackedMatrix.Format.Q8;
            case Q4 -> PackedMatrix.Format.Q4;
            case BF16 -> PackedMatrix.Format.BF16;
            case F32, F16 -> PackedMatrix.Format.F32;
            default -> throw new IllegalArgumentException("Jlama model folder " + folder + " stores weights as " + stored
                    + ", which the batched decoder does not read");
        };
        return switch (quantization) {
            case NONE -> own;
            case Q8, Q4 -> {
                PackedMatrix.Format wanted = quantization == DraftQuantization.Q8 ? PackedMatrix.Format.Q8
                        : PackedMatrix.Format.Q4;
                if (own.quantized() && own != wanted) {
                    throw new IllegalArgumentException("Jlama model folder " + folder + " is already quantized as "
                            + own + "; it cannot be quantized as " + wanted);
                }
                yield wanted;
            }
        };
    }

    private Layer layer(SafetensorsFiles files, int i, boolean bias) {
        String p = "model.layers." + i + ".";
        String a = p + "self_attn.";
        PackedMatrix qkv = PackedMatrix.pack(files, List.of(a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"),
                format);
        float[] qkvBias = null;
        if (bias) {
            float[] q = files.vector(a + "q_proj.bias");
            float[] k = files.vector(a + "k_proj.bias");
            float[] v = files.vector(a + "v_proj.bias");
            qkvBias = new float[q.length + k.length + v.length];
            System.arraycopy(q, 0, qkvBias, 0, q.length);
            System.arraycopy(k, 0, qkvBias, q.length, k.length);
            System.arraycopy(v, 0, qkvBias, q.length + k.length, v.length);
        }
        PackedMatrix output = PackedMatrix.pack(files, List.of(a + "o_proj.weight"), format);
        PackedMatrix gateUp = PackedMatrix.pack(files, List.of(p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"),
                format);
        PackedMatrix down = PackedMatrix.pack(files, List.of(p + "mlp.down_proj.weight"), format);
        return new Layer(files.vector(p + "input_layernorm.weight"), qkv, qkvBias, output,
                files.vector(p + "post_attention_layernorm.weight"), gateUp, down);
    }

    /**
     * θ^(−2i/d) for i < d/2, divided by a linear {@code rope_scaling} factor: what Jlama applies (other scaling
     * types are ignored by Jlama, and so here, so that both paths compute the same model).
     */
    private static double[] ropeFrequencies(Path folder, int headDim) {
        try {
            JsonNode c = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
            double theta = c.hasNonNull("rope_theta") ? c.get("rope_theta").asDouble() : 10000.0;
            double factor = 1;
            JsonNode scaling = c.get("rope_scaling");
            if (scaling != null && scaling.isObject() && scaling.hasNonNull("rope_type")
                    && "linear".equals(scaling.get("rope_type").asText().toLowerCase(Locale.ROOT))) {
                factor = scaling.get("factor").asDouble();
            }
            double[] f = new double[headDim / 2];
            for (int i = 0; i < f.length; i++) {
                f[i] = 1.0 / Math.pow(theta, 2.0 * i / headDim) / factor;
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config.json of " + folder, e);
        }
    }

    int qDim() {
        return heads * headDim;
    }

    int kvDim() {
        return kvHeads * headDim;
    }

    /** Bytes of packed weights held. */
    long bytes() {
        long b = embedding.bytes() + (lmHead == embedding ? 0 : lmHead.bytes());
        for (Layer l : layers) {
            b += l.qkv().bytes() + l.output().bytes() + l.gateUp().bytes() + l.down().bytes();
        }
        return b;
    }
}
