package io.github.gsi4j.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A straightforward Llama / Qwen2 forward pass in double precision, written from the Hugging Face
 * model definition and reading {@code config.json} and {@code model.safetensors} itself: no Jlama code.
 * The output layer is {@code lm_head.weight}, or the embeddings when the model ties them.
 * It recomputes the whole sequence with no cache, so it checks the token-level driver's prefill,
 * KV reuse, batching and logits against the plain math.
 */
public final class ReferenceTransformer {

    private final int hidden;
    private final int layers;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int vocab;
    private final double eps;
    private final double theta;
    private final boolean qkvBias;
    private final Map<String, float[]> w = new HashMap<>();

    /**
     * Reads the F32 model of {@code folder} ({@code config.json} and {@code model.safetensors}).
     *
     * @throws IOException when the files cannot be read
     */
    public ReferenceTransformer(Path folder) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode c = json.readTree(folder.resolve("config.json").toFile());
        hidden = c.get("hidden_size").asInt();
        layers = c.get("num_hidden_layers").asInt();
        heads = c.get("num_attention_heads").asInt();
        kvHeads = c.get("num_key_value_heads").asInt();
        headDim = hidden / heads;
        vocab = c.get("vocab_size").asInt();
        eps = c.get("rms_norm_eps").asDouble();
        theta = c.get("rope_theta").asDouble();
        qkvBias = c.get("model_type").asText().equals("qwen2");
        try (FileChannel ch = FileChannel.open(folder.resolve("model.safetensors"))) {
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = buf.getLong(0);
            byte[] header = new byte[(int) headerLength];
            buf.get(8, header);
            JsonNode h = json.readTree(header);
            for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                long start = e.getValue().get("data_offsets").get(0).asLong();
                long end = e.getValue().get("data_offsets").get(1).asLong();
                float[] data = new float[(int) ((end - start) / 4)];
                buf.slice((int) (8 + headerLength + start), (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer().get(data);
                w.put(e.getKey(), data);
            }
        }
    }

    /** The logits after each position of {@code tokens}: row t predicts token t+1. */
    public double[][] logits(int[] tokens) {
        int n = tokens.length;
        double[][] x = new double[n][hidden];
        float[] embed = w.get("model.embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < hidden; i++) {
                x[t][i] = embed[tokens[t] * hidden + i];
            }
        }
        int kvDim = kvHeads * headDim;
        for (int l = 0; l < layers; l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsNorm(x[t], w.get(p + "input_layernorm.weight"));
                q[t] = linear(w.get(p + "self_attn.q_proj.weight"), h, hidden, hidden);
                k[t] = linear(w.get(p + "self_attn.k_proj.weight"), h, kvDim, hidden);
                v[t] = linear(w.get(p + "self_attn.v_proj.weight"), h, kvDim, hidden);
                if (qkvBias) {
                    add(q[t], w.get(p + "self_attn.q_proj.bias"));
                    add(k[t], w.get(p + "self_attn.k_proj.bias"));
                    add(v[t], w.get(p + "self_attn.v_proj.bias"));
                }
                rope(q[t], heads, t);
                rope(k[t], kvHeads, t);
            }
            for (int t = 0; t < n; t++) {
                double[] attnOut = new double[hidden];
                for (int hd = 0; hd < heads; hd++) {
                    int g = hd / (heads / kvHeads);
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < headDim; i++) {
                            dot += q[t][hd * headDim + i] * k[s][g * headDim + i];
                        }
                        scores[s] = dot / Math.sqrt(headDim);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < headDim; i++) {
                            attnOut[hd * headDim + i] += scores[s] / sum * v[s][g * headDim + i];
                        }
                    }
                }
                add(x[t], linear(w.get(p + "self_attn.o_proj.weight"), attnOut, hidden, hidden));
                double[] h2 = rmsNorm(x[t], w.get(p + "post_attention_layernorm.weight"));
                int inter = w.get(p + "mlp.up_proj.weight").length / hidden;
                double[] gate = linear(w.get(p + "mlp.gate_proj.weight"), h2, inter, hidden);
                double[] up = linear(w.get(p + "mlp.up_proj.weight"), h2, inter, hidden);
                for (int i = 0; i < inter; i++) {
                    gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                }
                add(x[t], linear(w.get(p + "mlp.down_proj.weight"), gate, hidden, inter));
            }
        }
        double[][] out = new double[n][];
        for (int t = 0; t < n; t++) {
            float[] head = w.containsKey("lm_head.weight") ? w.get("lm_head.weight") : w.get("model.embed_tokens.weight");
            out[t] = linear(head, rmsNorm(x[t], w.get("model.norm.weight")), vocab, hidden);
        }
        return out;
    }

    /** Σ_t log softmax(logits after prefix+y_{@literal <}t)[y_t]: the log-probability of {@code continuation}. */
    public double logProb(int[] prefix, int[] continuation) {
        int[] all = new int[prefix.length + continuation.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(continuation, 0, all, prefix.length, continuation.length);
        double[][] logits = logits(all);
        double lp = 0;
        for (int t = 0; t < continuation.length; t++) {
            lp += logSoftmax(logits[prefix.length + t - 1], continuation[t]);
        }
        return lp;
    }

    /** log softmax(logits)[token], computed stably (the maximum subtracted first). */
    public static double logSoftmax(double[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        return logits[token] - max - Math.log(sum);
    }

    /** Rotary embedding, Hugging Face's rotate_half pairing (i, i + headDim/2). */
    private void rope(double[] vec, int headCount, int position) {
        int half = headDim / 2;
        for (int h = 0; h < headCount; h++) {
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(theta, 2.0 * i / headDim);
                double a = vec[h * headDim + i];
                double b = vec[h * headDim + i + half];
                vec[h * headDim + i] = a * Math.cos(angle) - b * Math.sin(angle);
                vec[h * headDim + i + half] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = weight[i] * x[i] * scale;
        }
        return out;
    }

    private static double[] linear(float[] weight, double[] in, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += weight[r * cols + c] * in[c];
            }
            out[r] = sum;
        }
        return out;
    }

    private static void add(double[] into, float[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }

    private static void add(double[] into, double[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[i];
        }
    }
}
