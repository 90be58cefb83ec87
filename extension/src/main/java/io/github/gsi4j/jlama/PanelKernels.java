package io.github.gsi4j.jlama;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix-product microkernels of the batched decoder, on the Vector API: a weight <em>panel</em> is
 * {@value #WIDTH} output rows stored k-major ({@code w[k·16 + j]} is output j's weight for input k), so
 * one k step multiplies two 8-lane vectors of weights by one broadcast input per row and every
 * accumulator stays in a register: 4 rows × 16 outputs use 8 of the 16 AVX2 registers, which keeps both
 * FMA units busy (a dot-product layout would need a horizontal sum per output and runs at half the rate).
 * BF16 weights are widened in registers as they are read (a shift and a mask of one 8-int load give
 * outputs 0–7 and 8–15); quantized weights are decoded into an F32 chunk once per panel and chunk, then
 * shared by every group of rows (see {@link PackedMatrix}). Weight chunks have the constant stride 16, which
 * the JIT compiles to tighter loops than a variable one (about 40% faster); the KV cache is read with its own
 * stride by {@link #multiply}.
 */
final class PanelKernels {

    /** Output rows per panel. */
    static final int WIDTH = 16;
    /** Input steps per chunk: 128 × 16 floats (8 KiB) and 4 rows of input stay in the L1 cache. */
    static final int CHUNK = 128;

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final IntVector HIGH_HALF = IntVector.broadcast(I, 0xFFFF0000);
    /** Eight bytes: one half of a Q8 panel's input step. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final int BLOCK = SafetensorsFiles.BLOCK;

    private PanelKernels() {
    }

    /**
     * {@code y[r·yStride + j] (+)= Σ_{k<kn} x[r·xStride + k] · w[wOffset + k·wStride + j]} for rows r < rows
     * and outputs j < 16 (offsets applied to x and y). A decoded weight chunk has {@code wStride} 16; the KV
     * cache's keys and values are read in place with their own strides.
     *
     * @param accumulate add to y (true) or overwrite it
     */
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
        FloatVector a00;
        FloatVector a01;
        FloatVector a10;
        FloatVector a11;
        FloatVector a20;
        FloatVector a21;
        FloatVector a30;
        FloatVector a31;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yo);
            a01 = FloatVector.fromArray(F, y, yo + 8);
            a10 = FloatVector.fromArray(F, y, yo + ys);
            a11 = FloatVector.fromArray(F, y, yo + ys + 8);
            a20 = FloatVector.fromArray(F, y, yo + 2 * ys);
            a21 = FloatVector.fromArray(F, y, yo + 2 * ys + 8);
            a30 = FloatVector.fromArray(F, y, yo + 3 * ys);
            a31 = FloatVector.fromArray(F, y, yo + 3 * ys + 8);
        } else {
            a00 = FloatVector.zero(F);
            a01 = a00;
            a10 = a00;
            a11 = a00;
            a20 = a00;
            a21 = a00;
            a30 = a00;
            a31 = a00;
        }
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

    /** {@link #multiply} for a decoded weight chunk (stride 16). */
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
        FloatVector a00;
        FloatVector a01;
        FloatVector a10;
        FloatVector a11;
        FloatVector a20;
        FloatVector a21;
        FloatVector a30;
        FloatVector a31;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yo);
            a01 = FloatVector.fromArray(F, y, yo + 8);
            a10 = FloatVector.fromArray(F, y, yo + ys);
            a11 = FloatVector.fromArray(F, y, yo + ys + 8);
            a20 = FloatVector.fromArray(F, y, yo + 2 * ys);
            a21 = FloatVector.fromArray(F, y, yo + 2 * ys + 8);
            a30 = FloatVector.fromArray(F, y, yo + 3 * ys);
            a31 = FloatVector.fromArray(F, y, yo + 3 * ys + 8);
        } else {
            a00 = FloatVector.zero(F);
            a01 = a00;
            a10 = a00;
            a11 = a00;
            a20 = a00;
            a21 = a00;
            a30 = a00;
            a31 = a00;
        }
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

    /**
     * {@link #multiply} for packed BF16 weights ({@code w[wOffset + k·8 + i]} holds outputs i and i + 8 of input
     * k), widened as they are read: the same products, in the same order, as on the decoded F32 values.
     */
    static void multiplyBf16(int[] w, int wOffset, int kn, float[] x, int xOffset, int xStride, int rows, float[] y,
            int yOffset, int yStride, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            bf16Rows4(w, wOffset, kn, x, xOffset + r * xStride, xStride, y, yOffset + r * yStride, yStride, accumulate);
        }
        for (; r < rows; r++) {
            bf16Row1(w, wOffset, kn, x, xOffset + r * xStride, y, yOffset + r * yStride, accumulate);
        }
    }

    private static void bf16Rows4(int[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a00;
        FloatVector a01;
        FloatVector a10;
        FloatVector a11;
        FloatVector a20;
        FloatVector a21;
        FloatVector a30;
        FloatVector a31;
        if (accumulate) {
            a00 = FloatVector.fromArray(F, y, yo);
            a01 = FloatVector.fromArray(F, y, yo + 8);
            a10 = FloatVector.fromArray(F, y, yo + ys);
            a11 = FloatVector.fromArray(F, y, yo + ys + 8);
            a20 = FloatVector.fromArray(F, y, yo + 2 * ys);
            a21 = FloatVector.fromArray(F, y, yo + 2 * ys + 8);
            a30 = FloatVector.fromArray(F, y, yo + 3 * ys);
            a31 = FloatVector.fromArray(F, y, yo + 3 * ys + 8);
        } else {
            a00 = FloatVector.zero(F);
            a01 = a00;
            a10 = a00;
            a11 = a00;
            a20 = a00;
            a21 = a00;
            a30 = a00;
            a31 = a00;
        }
        int x1 = xo + xs;
        int x2 = x1 + xs;
        int x3 = x2 + xs;
        for (int k = 0; k < kn; k++) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            FloatVector w0 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w1 = v.and(HIGH_HALF).reinterpretAsFloats();
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

    private static void bf16Row1(int[] w, int wo, int kn, float[] x, int xo, float[] y, int yo, boolean accumulate) {
        FloatVector a0 = accumulate ? FloatVector.fromArray(F, y, yo) : FloatVector.zero(F);
        FloatVector a1 = accumulate ? FloatVector.fromArray(F, y, yo + 8) : FloatVector.zero(F);
        for (int k = 0; k < kn; k++) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            FloatVector b = FloatVector.broadcast(F, x[xo + k]);
            a0 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(b, a0);
            a1 = v.and(HIGH_HALF).reinterpretAsFloats().fma(b, a1);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 8);
    }

    /**
     * One row times a Q8 panel ({@code q[qOffset + k·16 + j]}, block b's scales at {@code scales[sOffset + b·16 + j]}),
     * decoded in registers: each weight is {@code float(q) · scale}, as {@link PackedMatrix#decode} gives it, and the
     * FMAs are those of {@link #row1} over the decoded chunks, in the same order, so the result is the same to the
     * bit (chunks only store and reload y between them).
     */
    static void multiplyQ8Row(byte[] q, int qOffset, float[] scales, int sOffset, int columns, float[] x, int xo,
            float[] y, int yo, boolean accumulate) {
        FloatVector a0 = accumulate ? FloatVector.fromArray(F, y, yo) : FloatVector.zero(F);
        FloatVector a1 = accumulate ? FloatVector.fromArray(F, y, yo + 8) : FloatVector.zero(F);
        for (int k0 = 0, s = sOffset; k0 < columns; k0 += BLOCK, s += WIDTH) {
            FloatVector s0 = FloatVector.fromArray(F, scales, s);
            FloatVector s1 = FloatVector.fromArray(F, scales, s + 8);
            int qk = qOffset + k0 * WIDTH;
            for (int k = 0; k < BLOCK; k++, qk += WIDTH) {
                FloatVector b = FloatVector.broadcast(F, x[xo + k0 + k]);
                FloatVector w0 = ((FloatVector) ByteVector.fromArray(B, q, qk).convertShape(VectorOperators.B2F, F, 0))
                        .mul(s0);
                FloatVector w1 = ((FloatVector) ByteVector.fromArray(B, q, qk + 8).convertShape(VectorOperators.B2F, F,
                        0)).mul(s1);
                a0 = w0.fma(b, a0);
                a1 = w1.fma(b, a1);
            }
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 8);
    }

    /**
     * One row, with the same operations in the same order as each row of {@link #rows4}, so that a row's
     * result does not depend on how many other rows share its call (the decoder's results do not depend on
     * which other candidates are still running). Two chains of FMAs: enough to outrun the memory bus, which
     * bounds a single row.
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
