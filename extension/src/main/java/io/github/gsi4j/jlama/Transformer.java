package io.github.gsi4j.jlama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Llama / Qwen2 forward pass of the batched decoder over {@link TransformerWeights}: RMSNorm, the fused
 * QKV projection (plus Qwen2's bias), rotary embeddings (rotate-half pairing), grouped-query attention
 * ({@link Attention}), the output projection added to the residual stream, RMSNorm, SiLU-gated MLP, and
 * finally RMSNorm and the output layer. Every matrix product is batched over the rows of a
 * {@link ForwardBatch}: positions of one sequence (prefill, scoring) or one token of each running candidate
 * (decoding). Working buffers are reused between calls; not thread-safe (the model's lock serialises calls).
 */
final class Transformer {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;

    final TransformerWeights w;
    private final Attention attention;
    private final int hidden;
    private final int qkvStride;
    private final int gateUpStride;
    private final int inter;
    /** Stride of a row of logits: the vocabulary rounded up to the output layer's panels. */
    final int vocabularyStride;
    /** Caches kept between steps: enough for 32 candidates. */
    private static final int SPARE_CACHES = 32;
    private final java.util.ArrayDeque<KvCache> spareCaches = new java.util.ArrayDeque<>();
    private float[] h = new float[0];
    private float[] qkv = new float[0];
    private float[] attn = new float[0];
    private float[] gateUp = new float[0];
    private float[] act = new float[0];

    Transformer(TransformerWeights w) {
        this.w = w;
        this.attention = new Attention(w);
        this.hidden = w.hidden;
        this.inter = w.intermediate;
        this.qkvStride = w.layers[0].qkv().panels * PanelKernels.WIDTH;
        this.gateUpStride = w.layers[0].gateUp().panels * PanelKernels.WIDTH;
        this.vocabularyStride = w.lmHead.panels * PanelKernels.WIDTH;
    }

    /** A cache for this model's layers holding positions from {@code base}. */
    KvCache newCache(int base, int capacity) {
        return new KvCache(w.layers.length, w.kvDim(), base, capacity);
    }

    /**
     * An empty cache holding positions from {@code base}: one given back earlier, or a new one. A step's
     * candidates and scored sequences live for seconds, long enough to outlive the young generation, so fresh
     * caches a step would pile up in the old generation and grow the heap until a full collection.
     */
    KvCache borrowCache(int base, int capacity) {
        KvCache c = spareCaches.pollLast();
        if (c == null) {
            return newCache(base, capacity);
        }
        c.reset(base);
        c.ensureCapacity(capacity);
        return c;
    }

    /** Keeps {@code cache} for {@link #borrowCache} (up to {@value #SPARE_CACHES} of them). */
    void giveBack(KvCache cache) {
        if (spareCaches.size() < SPARE_CACHES) {
            spareCaches.addLast(cache);
        }
    }

    /** The embeddings of the batch's tokens: the residual stream's input, {@code rows × hidden}. */
    float[] embed(ForwardBatch b) {
        float[] x = new float[b.rows * hidden];
        for (int r = 0; r < b.rows; r++) {
            w.embedding.row(b.tokens[r], x, r * hidden);
        }
        return x;
    }

    /** Runs every layer over the batch: {@code x} (from {@link #embed}) becomes the last layer's output. */
    void forward(ForwardBatch b, float[] x) {
        int rows = b.rows;
        for (int r = 0; r < rows; r++) {
            KvCache c = b.target(r);
            c.ensureCapacity(b.positions[r] - c.base() + 1);
        }
        h = ensure(h, rows * hidden);
        qkv = ensure(qkv, rows * qkvStride);
        attn = ensure(attn, rows * w.qDim());
        gateUp = ensure(gateUp, rows * gateUpStride);
        act = ensure(act, rows * inter);
        float[][] rope = rope(b);
        for (int l = 0; l < w.layers.length; l++) {
            TransformerWeights.Layer layer = w.layers[l];
            rmsNorm(x, rows, layer.attentionNorm(), h);
            layer.qkv().multiply(h, 0, hidden, rows, qkv, 0, qkvStride, false);
            for (int r = 0; r < rows; r++) {
                int at = r * qkvStride;
                if (layer.qkvBias() != null) {
                    add(qkv, at, layer.qkvBias());
                }
                rotate(qkv, at, w.heads, rope[r]);
                rotate(qkv, at + w.qDim(), w.kvHeads, rope[r]);
                b.target(r).put(l, b.positions[r], qkv, at + w.qDim(), at + w.qDim() + w.kvDim());
            }
            attention.compute(l, b, qkv, qkvStride, attn, w.qDim());
            layer.output().multiply(attn, 0, w.qDim(), rows, x, 0, hidden, true);
            rmsNorm(x, rows, layer.mlpNorm(), h);
            layer.gateUp().multiply(h, 0, hidden, rows, gateUp, 0, gateUpStride, false);
            for (int r = 0; r < rows; r++) {
                silu(gateUp, r * gateUpStride, inter, act, r * inter);
            }
            layer.down().multiply(act, 0, inter, rows, x, 0, hidden, true);
        }
        for (int r = 0; r < rows; r++) {
            KvCache c = b.target(r);
            c.setLength(Math.max(c.length(), b.positions[r] - c.base() + 1));
        }
    }

    /**
     * The logits of rows {@code [from, from + count)} of the last layer's output {@code x}: final RMSNorm and
     * the output layer, into {@code out[(r − from)·vocabularyStride + token]}.
     */
    void logits(float[] x, int from, int count, float[] out) {
        float[] normed = new float[count * hidden];
        float[] rows = new float[count * hidden];
        System.arraycopy(x, from * hidden, rows, 0, count * hidden);
        rmsNorm(rows, count, w.finalNorm, normed);
        w.lmHead.multiply(normed, 0, hidden, count, out, 0, vocabularyStride, false);
    }

    private static float[] ensure(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /** Jlama's RMSNorm: the mean square accumulated in double, the scaling in float. */
    private void rmsNorm(float[] x, int rows, float[] weight, float[] out) {
        for (int r = 0; r < rows; r++) {
            int at = r * hidden;
            double ss = 0;
            for (int i = 0; i < hidden; i++) {
                float v = x[at + i];
                ss += v * v;
            }
            float s = (float) (1.0 / Math.sqrt(ss / hidden + w.eps));
            for (int i = 0; i < hidden; i++) {
                out[at + i] = weight[i] * (s * x[at + i]);
            }
        }
    }

    /** cos and sin of every rotary frequency at each row's position: {@code [cos..., sin...]}. */
    private float[][] rope(ForwardBatch b) {
        double[] f = w.inverseFrequencies;
        float[][] out = new float[b.rows][2 * f.length];
        for (int r = 0; r < b.rows; r++) {
            for (int i = 0; i < f.length; i++) {
                double angle = b.positions[r] * f[i];
                out[r][i] = (float) Math.cos(angle);
                out[r][f.length + i] = (float) Math.sin(angle);
            }
        }
        return out;
    }

    /** Rotates each head's pairs (i, i + headDim/2). */
    private void rotate(float[] v, int at, int headCount, float[] cs) {
        int half = w.headDim / 2;
        for (int hd = 0; hd < headCount; hd++) {
            int o = at + hd * w.headDim;
            for (int i = 0; i < half; i++) {
                float a = v[o + i];
                float c = v[o + i + half];
                float cos = cs[i];
                float sin = cs[half + i];
                v[o + i] = a * cos - c * sin;
                v[o + i + half] = a * sin + c * cos;
            }
        }
    }

    private static void add(float[] v, int at, float[] bias) {
        for (int i = 0; i < bias.length; i++) {
            v[at + i] += bias[i];
        }
    }

    /** out = silu(gate) · up, with the gate at {@code [at, at + n)} and up at {@code [at + n, at + 2n)}. */
    private static void silu(float[] gu, int at, int n, float[] out, int outAt) {
        for (int i = 0; i < n; i += F.length()) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector g = FloatVector.fromArray(F, gu, at + i, m);
            FloatVector u = FloatVector.fromArray(F, gu, at + n + i, m);
            FloatVector one = FloatVector.broadcast(F, 1f);
            g.div(g.neg().lanewise(VectorOperators.EXP).add(one)).mul(u).intoArray(out, outAt + i, m);
        }
    }
}
