package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Causal self-attention of one layer for a {@link ForwardBatch}, with grouped queries: for each KV head, the
 * queries of all its query heads over a block of rows are one matrix, multiplied by the shared cache's keys
 * once (so the prompt's keys and values are read once for all candidates, not once per candidate) and by each
 * row's own keys, then softmax over both parts, then the same with the values. Products run on
 * {@link PanelKernels} reading the cache in place. Every row's result is computed by the same operations
 * whatever the other rows of the batch are.
 */
final class Attention {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** Rows per unit of parallel work. */
    private static final int BLOCK_ROWS = 8;

    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int group;
    private final int kvDim;
    private final float scale;

    Attention(TransformerWeights w) {
        this.heads = w.heads;
        this.kvHeads = w.kvHeads;
        this.headDim = w.headDim;
        this.group = w.heads / w.kvHeads;
        this.kvDim = w.kvDim();
        this.scale = (float) (1.0 / Math.sqrt(w.headDim));
    }

    /**
     * Writes the attention output of every row into {@code out[r·outStride + h·headDim + d]}, reading its
     * queries from {@code qkv[r·qkvStride + h·headDim + d]} (keys and values already in the caches).
     */
    void compute(int layer, ForwardBatch b, float[] qkv, int qkvStride, float[] out, int outStride) {
        int blocks = (b.rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
        int units = blocks * kvHeads;
        if (units == 1) {
            unit(layer, b, 0, 0, b.rows, qkv, qkvStride, out, outStride);
            return;
        }
        Workers.run(units, u -> {
            int g = u % kvHeads;
            int r0 = u / kvHeads * BLOCK_ROWS;
            unit(layer, b, g, r0, Math.min(b.rows, r0 + BLOCK_ROWS), qkv, qkvStride, out, outStride);
        });
    }

    /** KV head g for rows {@code [r0, r1)}. */
    private void unit(int layer, ForwardBatch b, int g, int r0, int r1, float[] qkv, int qkvStride, float[] out,
            int outStride) {
        int n = (r1 - r0) * group; // query rows: (row, head of the group)
        int shared = 0;
        int ownMax = 0;
        for (int r = r0; r < r1; r++) {
            shared = Math.max(shared, b.sharedVisible[r]);
            ownMax = Math.max(ownMax, b.ownVisible(r));
        }
        int sharedPad = roundUp(shared);
        int stride = sharedPad + roundUp(ownMax);
        float[] q = new float[n * headDim];
        for (int r = r0; r < r1; r++) {
            System.arraycopy(qkv, r * qkvStride + g * group * headDim, q, (r - r0) * group * headDim, group * headDim);
        }
        float[] p = new float[n * stride];
        KvCache sc = b.shared;
        int cap = sc.capacity();
        float[] keys = sc.keys(layer);
        for (int s0 = 0; s0 < shared; s0 += WIDTH) {
            PanelKernels.multiply(keys, g * headDim * cap + s0, cap, headDim, q, 0, headDim, n, p, s0, stride, false);
        }
        for (int r = r0; r < r1; r++) {
            int own = b.ownVisible(r);
            int row = (r - r0) * group;
            if (own > 0) {
                KvCache oc = b.own[r];
                float[] ownKeys = oc.keys(layer);
                for (int s0 = 0; s0 < own; s0 += WIDTH) {
                    PanelKernels.multiply(ownKeys, g * headDim * oc.capacity() + s0, oc.capacity(), headDim, q,
                            row * headDim, headDim, group, p, row * stride + sharedPad + s0, stride, false);
                }
            }
            for (int i = 0; i < group; i++) {
                softmax(p, (row + i) * stride, b.sharedVisible[r], shared, sharedPad, own, stride - sharedPad);
            }
        }
        float[] o = new float[n * headDim];
        float[] values = sc.values(layer);
        for (int d0 = 0; d0 < headDim; d0 += WIDTH) {
            PanelKernels.multiply(values, g * headDim + d0, kvDim, shared, p, 0, stride, n, o, d0, headDim, false);
        }
        for (int r = r0; r < r1; r++) {
            int own = b.ownVisible(r);
            int row = (r - r0) * group;
            if (own > 0) {
                float[] ownValues = b.own[r].values(layer);
                for (int d0 = 0; d0 < headDim; d0 += WIDTH) {
                    PanelKernels.multiply(ownValues, g * headDim + d0, kvDim, own, p, row * stride + sharedPad, stride,
                            group, o, row * headDim + d0, headDim, true);
                }
            }
            System.arraycopy(o, row * headDim, out, r * outStride + g * group * headDim, group * headDim);
        }
    }

    /**
     * Softmax, scaled by 1/√headDim, over a row's visible shared scores {@code [0, visible)} and own scores
     * {@code [sharedPad, sharedPad + own)}; every other entry up to the row's stride becomes 0.
     */
    private void softmax(float[] p, int at, int visible, int shared, int sharedPad, int own, int ownPad) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < visible; i++) {
            max = Math.max(max, p[at + i]);
        }
        for (int i = 0; i < own; i++) {
            max = Math.max(max, p[at + sharedPad + i]);
        }
        float m = max * scale;
        float sum = exp(p, at, visible, m) + exp(p, at + sharedPad, own, m);
        float inverse = 1 / sum;
        scaleBy(p, at, visible, inverse);
        scaleBy(p, at + sharedPad, own, inverse);
        java.util.Arrays.fill(p, at + visible, at + sharedPad, 0f);
        java.util.Arrays.fill(p, at + sharedPad + own, at + sharedPad + ownPad, 0f);
    }

    /** p[i] = exp(p[i]·scale − m) for i in [at, at + n); returns their sum. */
    private float exp(float[] p, int at, int n, float m) {
        FloatVector sum = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            VectorMask<Float> mask = F.indexInRange(i, n);
            FloatVector e = FloatVector.fromArray(F, p, at + i, mask).mul(scale).sub(m)
                    .lanewise(VectorOperators.EXP, mask);
            e.intoArray(p, at + i, mask);
            sum = sum.add(e, mask);
        }
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static void scaleBy(float[] p, int at, int n, float factor) {
        for (int i = 0; i < n; i += F.length()) {
            VectorMask<Float> mask = F.indexInRange(i, n);
            FloatVector.fromArray(F, p, at + i, mask).mul(factor).intoArray(p, at + i, mask);
        }
    }

    private static int roundUp(int n) {
        return (n + WIDTH - 1) / WIDTH * WIDTH;
    }
}
