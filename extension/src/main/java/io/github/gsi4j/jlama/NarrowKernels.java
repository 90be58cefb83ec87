package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PanelKernels} on 256-bit vectors (AVX2): a panel's 16 outputs are two 8-lane vectors, so one k step
 * multiplies two vectors of weights by one broadcast input per row, and 4 rows × 16 outputs keep 8
 * accumulators in the 16 AVX2 registers, which keeps both FMA units busy (a dot-product layout would need a
 * horizontal sum per output and runs at half the rate). Each output lane accumulates {@code x[k] · w[k]} in
 * increasing k with one FMA a step, as {@link WideKernels} does, so both give the same bits.
 */
final class NarrowKernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final IntVector HIGH_HALF = IntVector.broadcast(I, 0xFFFF0000);
    /** Eight bytes: one half of a Q8 panel's input step. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int BLOCK = SafetensorsFiles.BLOCK;

    private NarrowKernels() {
    }

    private static FloatVector start(float[] y, int at, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(F, y, at) : FloatVector.zero(F);
    }

    /** {@link PanelKernels#multiply}. */
    static void multiply(float[] w, int wOffset, int wStride, int kn, float[] x, int xOffset, int xStride, int rows,
            float[] y, int yOffset, int yStride, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            rows4(w, wOffset, wStride, kn, x, xOffset + r * xStride, xStride, y, yOffset + r * yStride, yStride,
                    accumulate);
        }
        for (; r < rows; r++) {
            row1(w, wOffset, wStride, kn, x, xOffset + r * xStride, y, yOffset + r * yStride, accumulate);
        }
    }

    private static void rows4(float[] w, int wo, int ws, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a00 = start(y, yo, accumulate);
        FloatVector a01 = start(y, yo + 8, accumulate);
        FloatVector a10 = start(y, yo + ys, accumulate);
        FloatVector a11 = start(y, yo + ys + 8, accumulate);
        FloatVector a20 = start(y, yo + 2 * ys, accumulate);
        FloatVector a21 = start(y, yo + 2 * ys + 8, accumulate);
        FloatVector a30 = start(y, yo + 3 * ys, accumulate);
        FloatVector a31 = start(y, yo + 3 * ys + 8, accumulate);
        int x1 = xo + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        for (int k = 0; k < kn; k++) {
            int wk = wo + k * ws;
            FloatVector w0 = FloatVector.fromArray(F, w, wk);
            FloatVector w1 = FloatVector.fromArray(F, w, wk + 8);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(F, x[x1 + k]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(F, x[x2 + k]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(F, x[x3 + k]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + 8);
        a10.intoArray(y, yo + ys);
        a11.intoArray(y, yo + ys + 8);
        a20.intoArray(y, yo + 2 * ys);
        a21.intoArray(y, yo + 2 * ys + 8);
        a30.intoArray(y, yo + 3 * ys);
        a31.intoArray(y, yo + 3 * ys + 8);
    }

    /** {@link PanelKernels#multiply} for a decoded weight chunk (stride 16). */
    static void multiplyPanel(float[] w, int wOffset, int kn, float[] x, int xOffset, int xStride, int rows, float[] y,
            int yOffset, int yStride, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            panelRows4(w, wOffset, kn, x, xOffset + r * xStride, xStride, y, yOffset + r * yStride, yStride, accumulate);
        }
        for (; r < rows; r++) {
            row1(w, wOffset, WIDTH, kn, x, xOffset + r * xStride, y, yOffset + r * yStride, accumulate);
        }
    }

    private static void panelRows4(float[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a00 = start(y, yo, accumulate);
        FloatVector a01 = start(y, yo + 8, accumulate);
        FloatVector a10 = start(y, yo + ys, accumulate);
        FloatVector a11 = start(y, yo + ys + 8, accumulate);
        FloatVector a20 = start(y, yo + 2 * ys, accumulate);
        FloatVector a21 = start(y, yo + 2 * ys + 8, accumulate);
        FloatVector a30 = start(y, yo + 3 * ys, accumulate);
        FloatVector a31 = start(y, yo + 3 * ys + 8, accumulate);
        int x1 = xo + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        for (int k = 0; k < kn; k++) {
            int wk = wo + k * WIDTH;
            FloatVector w0 = FloatVector.fromArray(F, w, wk);
            FloatVector w1 = FloatVector.fromArray(F, w, wk + 8);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a00 = w0.fma(b, a00);
            a01 = w1.fma(b, a01);
            b = FloatVector.broadcast(F, x[x1 + k]);
            a10 = w0.fma(b, a10);
            a11 = w1.fma(b, a11);
            b = FloatVector.broadcast(F, x[x2 + k]);
            a20 = w0.fma(b, a20);
            a21 = w1.fma(b, a21);
            b = FloatVector.broadcast(F, x[x3 + k]);
            a30 = w0.fma(b, a30);
            a31 = w1.fma(b, a31);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + 8);
        a10.intoArray(y, yo + ys);
        a11.intoArray(y, yo + ys + 8);
        a20.intoArray(y, yo + 2 * ys);
        a21.intoArray(y, yo + 2 * ys + 8);
        a30.intoArray(y, yo + 3 * ys);
        a31.intoArray(y, yo + 3 * ys + 8);
    }

    /** {@link PanelKernels#multiplyBf16}. */
    static void multiplyBf16(int[] w, int wo, int kn, float[] x, int xo, int xs, int rows, float[] y, int yo, int ys,
            boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            bf16Rows4(w, wo, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        for (; r < rows; r++) {
            bf16Row1(w, wo, kn, x, xo + r * xs, y, yo + r * ys, accumulate);
        }
    }

    private static void bf16Rows4(int[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a00 = start(y, yo, accumulate);
        FloatVector a01 = start(y, yo + 8, accumulate);
        FloatVector a10 = start(y, yo + ys, accumulate);
        FloatVector a11 = start(y, yo + ys + 8, accumulate);
        FloatVector a20 = start(y, yo + 2 * ys, accumulate);
        FloatVector a21 = start(y, yo + 2 * ys + 8, accumulate);
        FloatVector a30 = start(y, yo + 3 * ys, accumulate);
        FloatVector a31 = start(y, yo + 3 * ys + 8, accumulate);
        int x1 = xo + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        int k = 0;
        for (; k + 1 < kn; k += 2) {
            // a pair of inputs: outputs 0-7 in the first 8 ints, 8-15 in the next; input k low, k + 1 high
            IntVector v0 = IntVector.fromArray(I, w, wo + k * 8);
            IntVector v1 = IntVector.fromArray(I, w, wo + k * 8 + 8);
            FloatVector e0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector e1 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector o0 = v0.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector o1 = v1.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a00 = e0.fma(b, a00);
            a01 = e1.fma(b, a01);
            b = FloatVector.broadcast(F, x[x1 + k]);
            a10 = e0.fma(b, a10);
            a11 = e1.fma(b, a11);
            b = FloatVector.broadcast(F, x[x2 + k]);
            a20 = e0.fma(b, a20);
            a21 = e1.fma(b, a21);
            b = FloatVector.broadcast(F, x[x3 + k]);
            a30 = e0.fma(b, a30);
            a31 = e1.fma(b, a31);
            b = FloatVector.broadcast(F, x[xo + k + 1]);
            a00 = o0.fma(b, a00);
            a01 = o1.fma(b, a01);
            b = FloatVector.broadcast(F, x[x1 + k + 1]);
            a10 = o0.fma(b, a10);
            a11 = o1.fma(b, a11);
            b = FloatVector.broadcast(F, x[x2 + k + 1]);
            a20 = o0.fma(b, a20);
            a21 = o1.fma(b, a21);
            b = FloatVector.broadcast(F, x[x3 + k + 1]);
            a30 = o0.fma(b, a30);
            a31 = o1.fma(b, a31);
        }
        if (k < kn) { // the last input of an odd count: its pair's high halves are padding
            FloatVector e0 = IntVector.fromArray(I, w, wo + k * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector e1 = IntVector.fromArray(I, w, wo + k * 8 + 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a00 = e0.fma(b, a00);
            a01 = e1.fma(b, a01);
            b = FloatVector.broadcast(F, x[x1 + k]);
            a10 = e0.fma(b, a10);
            a11 = e1.fma(b, a11);
            b = FloatVector.broadcast(F, x[x2 + k]);
            a20 = e0.fma(b, a20);
            a21 = e1.fma(b, a21);
            b = FloatVector.broadcast(F, x[x3 + k]);
            a30 = e0.fma(b, a30);
            a31 = e1.fma(b, a31);
        }
        a00.intoArray(y, yo);
        a01.intoArray(y, yo + 8);
        a10.intoArray(y, yo + ys);
        a11.intoArray(y, yo + ys + 8);
        a20.intoArray(y, yo + 2 * ys);
        a21.intoArray(y, yo + 2 * ys + 8);
        a30.intoArray(y, yo + 3 * ys);
        a31.intoArray(y, yo + 3 * ys + 8);
    }

    private static void bf16Row1(int[] w, int wo, int kn, float[] x, int xo, float[] y, int yo, boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + 8, accumulate);
        int k = 0;
        for (; k + 1 < kn; k += 2) {
            IntVector v0 = IntVector.fromArray(I, w, wo + k * 8);
            IntVector v1 = IntVector.fromArray(I, w, wo + k * 8 + 8);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a0);
            a1 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a1);
            b = FloatVector.broadcast(F, x[xo + k + 1]);
            a0 = v0.and(HIGH_HALF).reinterpretAsFloats().fma(b, a0);
            a1 = v1.and(HIGH_HALF).reinterpretAsFloats().fma(b, a1);
        }
        if (k < kn) {
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = IntVector.fromArray(I, w, wo + k * 8).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(b, a0);
            a1 = IntVector.fromArray(I, w, wo + k * 8 + 8).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(b, a1);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 8);
    }

    /** {@link PanelKernels#multiplyQ8Row}. */
    static void multiplyQ8Row(byte[] q, int qOffset, float[] scales, int sOffset, int scaleStep, int columns,
            float[] x, int xo, float[] y, int yo, boolean accumulate) {
        FloatVector a0 = accumulate ? FloatVector.fromArray(F, y, yo) : FloatVector.zero(F);
        FloatVector a1 = accumulate ? FloatVector.fromArray(F, y, yo + 8) : FloatVector.zero(F);
        FloatVector t0 = FloatVector.zero(F);
        FloatVector t1 = t0;
        for (int k0 = 0, s = sOffset; k0 < columns; k0 += BLOCK, s += scaleStep) {
            int qk = qOffset + k0 * WIDTH;
            for (int k = 0; k < BLOCK; k++, qk += WIDTH) {
                FloatVector b = FloatVector.broadcast(F, x[xo + k0 + k]);
                t0 = ((FloatVector) ByteVector.fromArray(B, q, qk).convertShape(VectorOperators.B2F, F, 0)).fma(b, t0);
                t1 = ((FloatVector) ByteVector.fromArray(B, q, qk + 8).convertShape(VectorOperators.B2F, F, 0))
                        .fma(b, t1);
            }
            if (scaleStep != 0 || k0 + BLOCK >= columns) {
                a0 = t0.fma(FloatVector.fromArray(F, scales, s), a0);
                a1 = t1.fma(FloatVector.fromArray(F, scales, s + 8), a1);
                t0 = FloatVector.zero(F);
                t1 = t0;
            }
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 8);
    }

    /**
     * One row, with the same operations in the same order as each row of {@link #rows4}. Two chains of FMAs:
     * enough to outrun the memory bus, which bounds a single row.
     */
    private static void row1(float[] w, int wo, int ws, int kn, float[] x, int xo, float[] y, int yo,
            boolean accumulate) {
        FloatVector a0 = accumulate ? FloatVector.fromArray(F, y, yo) : FloatVector.zero(F);
        FloatVector a1 = accumulate ? FloatVector.fromArray(F, y, yo + 8) : FloatVector.zero(F);
        for (int k = 0; k < kn; k++) {
            int wk = wo + k * ws;
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = FloatVector.fromArray(F, w, wk).fma(b, a0);
            a1 = FloatVector.fromArray(F, w, wk + 8).fma(b, a1);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 8);
    }
}
