package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PanelKernels} on 512-bit vectors: one vector holds a panel's 16 outputs, so a row needs one
 * accumulator and up to 16 rows share each weight load (in groups of 16, 8, 4 and single rows) (16 accumulators and two weight
 * vectors fit in the 32
 * AVX-512 registers). Each output lane accumulates {@code x[k] · w[k]} in increasing k with one FMA a step,
 * exactly as {@link NarrowKernels} does, so both give the same bits.
 */
final class WideKernels {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    private static final IntVector HIGH_HALF = IntVector.broadcast(I, 0xFFFF0000);
    /** Sixteen bytes: one input step of a Q8 panel. */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
    private static final int BLOCK = SafetensorsFiles.BLOCK;

    private WideKernels() {
    }

    private static FloatVector start(float[] y, int at, boolean accumulate) {
        return accumulate ? FloatVector.fromArray(F, y, at) : FloatVector.zero(F);
    }

    /** {@link PanelKernels#multiply}: F32 weights with any stride. */
    static void multiply(float[] w, int wo, int ws, int kn, float[] x, int xo, int xs, int rows, float[] y, int yo,
            int ys, boolean accumulate) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            rows4(w, wo, ws, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        for (; r < rows; r++) {
            row1(w, wo, ws, kn, x, xo + r * xs, y, yo + r * ys, accumulate);
        }
    }

    /** {@link PanelKernels#multiplyPanel}: a decoded chunk, stride 16. */
    static void multiplyPanel(float[] w, int wo, int kn, float[] x, int xo, int xs, int rows, float[] y, int yo, int ys,
            boolean accumulate) {
        int r = 0;
        for (; r + 16 <= rows; r += 16) {
            panelRows16(w, wo, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        for (; r + 4 <= rows; r += 4) {
            rows4(w, wo, WIDTH, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        for (; r < rows; r++) {
            row1(w, wo, WIDTH, kn, x, xo + r * xs, y, yo + r * ys, accumulate);
        }
    }

    private static void rows4(float[] w, int wo, int ws, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + ys, accumulate);
        FloatVector a2 = start(y, yo + 2 * ys, accumulate);
        FloatVector a3 = start(y, yo + 3 * ys, accumulate);
        for (int k = 0; k < kn; k++) {
            FloatVector v = FloatVector.fromArray(F, w, wo + k * ws);
            int xk = xo + k;
            a0 = v.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = v.fma(FloatVector.broadcast(F, x[xk + xs]), a1);
            a2 = v.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = v.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + ys);
        a2.intoArray(y, yo + 2 * ys);
        a3.intoArray(y, yo + 3 * ys);
    }

    private static void row1(float[] w, int wo, int ws, int kn, float[] x, int xo, float[] y, int yo,
            boolean accumulate) {
        FloatVector a = start(y, yo, accumulate);
        for (int k = 0; k < kn; k++) {
            a = FloatVector.fromArray(F, w, wo + k * ws).fma(FloatVector.broadcast(F, x[xo + k]), a);
        }
        a.intoArray(y, yo);
    }

    private static void panelRows16(float[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + 1 * ys, accumulate);
        FloatVector a2 = start(y, yo + 2 * ys, accumulate);
        FloatVector a3 = start(y, yo + 3 * ys, accumulate);
        FloatVector a4 = start(y, yo + 4 * ys, accumulate);
        FloatVector a5 = start(y, yo + 5 * ys, accumulate);
        FloatVector a6 = start(y, yo + 6 * ys, accumulate);
        FloatVector a7 = start(y, yo + 7 * ys, accumulate);
        FloatVector a8 = start(y, yo + 8 * ys, accumulate);
        FloatVector a9 = start(y, yo + 9 * ys, accumulate);
        FloatVector a10 = start(y, yo + 10 * ys, accumulate);
        FloatVector a11 = start(y, yo + 11 * ys, accumulate);
        FloatVector a12 = start(y, yo + 12 * ys, accumulate);
        FloatVector a13 = start(y, yo + 13 * ys, accumulate);
        FloatVector a14 = start(y, yo + 14 * ys, accumulate);
        FloatVector a15 = start(y, yo + 15 * ys, accumulate);
        for (int k = 0; k < kn; k++) {
            FloatVector v = FloatVector.fromArray(F, w, wo + k * WIDTH);
            int xk = xo + k;
            a0 = v.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = v.fma(FloatVector.broadcast(F, x[xk + 1 * xs]), a1);
            a2 = v.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = v.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a4 = v.fma(FloatVector.broadcast(F, x[xk + 4 * xs]), a4);
            a5 = v.fma(FloatVector.broadcast(F, x[xk + 5 * xs]), a5);
            a6 = v.fma(FloatVector.broadcast(F, x[xk + 6 * xs]), a6);
            a7 = v.fma(FloatVector.broadcast(F, x[xk + 7 * xs]), a7);
            a8 = v.fma(FloatVector.broadcast(F, x[xk + 8 * xs]), a8);
            a9 = v.fma(FloatVector.broadcast(F, x[xk + 9 * xs]), a9);
            a10 = v.fma(FloatVector.broadcast(F, x[xk + 10 * xs]), a10);
            a11 = v.fma(FloatVector.broadcast(F, x[xk + 11 * xs]), a11);
            a12 = v.fma(FloatVector.broadcast(F, x[xk + 12 * xs]), a12);
            a13 = v.fma(FloatVector.broadcast(F, x[xk + 13 * xs]), a13);
            a14 = v.fma(FloatVector.broadcast(F, x[xk + 14 * xs]), a14);
            a15 = v.fma(FloatVector.broadcast(F, x[xk + 15 * xs]), a15);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 1 * ys);
        a2.intoArray(y, yo + 2 * ys);
        a3.intoArray(y, yo + 3 * ys);
        a4.intoArray(y, yo + 4 * ys);
        a5.intoArray(y, yo + 5 * ys);
        a6.intoArray(y, yo + 6 * ys);
        a7.intoArray(y, yo + 7 * ys);
        a8.intoArray(y, yo + 8 * ys);
        a9.intoArray(y, yo + 9 * ys);
        a10.intoArray(y, yo + 10 * ys);
        a11.intoArray(y, yo + 11 * ys);
        a12.intoArray(y, yo + 12 * ys);
        a13.intoArray(y, yo + 13 * ys);
        a14.intoArray(y, yo + 14 * ys);
        a15.intoArray(y, yo + 15 * ys);
    }

    /** {@link PanelKernels#multiplyBf16}. */
    static void multiplyBf16(int[] w, int wo, int kn, float[] x, int xo, int xs, int rows, float[] y, int yo, int ys,
            boolean accumulate) {
        int r = 0;
        for (; r + 16 <= rows; r += 16) {
            bf16Rows16(w, wo, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        if (r + 8 <= rows) { // candidates that ended leave fewer than 16 rows
            bf16Rows8(w, wo, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
            r += 8;
        }
        for (; r + 4 <= rows; r += 4) {
            bf16Rows4(w, wo, kn, x, xo + r * xs, xs, y, yo + r * ys, ys, accumulate);
        }
        for (; r < rows; r++) {
            bf16Row1(w, wo, kn, x, xo + r * xs, y, yo + r * ys, accumulate);
        }
    }

    private static void bf16Rows16(int[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + 1 * ys, accumulate);
        FloatVector a2 = start(y, yo + 2 * ys, accumulate);
        FloatVector a3 = start(y, yo + 3 * ys, accumulate);
        FloatVector a4 = start(y, yo + 4 * ys, accumulate);
        FloatVector a5 = start(y, yo + 5 * ys, accumulate);
        FloatVector a6 = start(y, yo + 6 * ys, accumulate);
        FloatVector a7 = start(y, yo + 7 * ys, accumulate);
        FloatVector a8 = start(y, yo + 8 * ys, accumulate);
        FloatVector a9 = start(y, yo + 9 * ys, accumulate);
        FloatVector a10 = start(y, yo + 10 * ys, accumulate);
        FloatVector a11 = start(y, yo + 11 * ys, accumulate);
        FloatVector a12 = start(y, yo + 12 * ys, accumulate);
        FloatVector a13 = start(y, yo + 13 * ys, accumulate);
        FloatVector a14 = start(y, yo + 14 * ys, accumulate);
        FloatVector a15 = start(y, yo + 15 * ys, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            FloatVector even = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector odd = v.and(HIGH_HALF).reinterpretAsFloats();
            int xk = xo + k;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + 1 * xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a4 = even.fma(FloatVector.broadcast(F, x[xk + 4 * xs]), a4);
            a5 = even.fma(FloatVector.broadcast(F, x[xk + 5 * xs]), a5);
            a6 = even.fma(FloatVector.broadcast(F, x[xk + 6 * xs]), a6);
            a7 = even.fma(FloatVector.broadcast(F, x[xk + 7 * xs]), a7);
            a8 = even.fma(FloatVector.broadcast(F, x[xk + 8 * xs]), a8);
            a9 = even.fma(FloatVector.broadcast(F, x[xk + 9 * xs]), a9);
            a10 = even.fma(FloatVector.broadcast(F, x[xk + 10 * xs]), a10);
            a11 = even.fma(FloatVector.broadcast(F, x[xk + 11 * xs]), a11);
            a12 = even.fma(FloatVector.broadcast(F, x[xk + 12 * xs]), a12);
            a13 = even.fma(FloatVector.broadcast(F, x[xk + 13 * xs]), a13);
            a14 = even.fma(FloatVector.broadcast(F, x[xk + 14 * xs]), a14);
            a15 = even.fma(FloatVector.broadcast(F, x[xk + 15 * xs]), a15);
            a0 = odd.fma(FloatVector.broadcast(F, x[xk + 1]), a0);
            a1 = odd.fma(FloatVector.broadcast(F, x[xk + 1 * xs + 1]), a1);
            a2 = odd.fma(FloatVector.broadcast(F, x[xk + 2 * xs + 1]), a2);
            a3 = odd.fma(FloatVector.broadcast(F, x[xk + 3 * xs + 1]), a3);
            a4 = odd.fma(FloatVector.broadcast(F, x[xk + 4 * xs + 1]), a4);
            a5 = odd.fma(FloatVector.broadcast(F, x[xk + 5 * xs + 1]), a5);
            a6 = odd.fma(FloatVector.broadcast(F, x[xk + 6 * xs + 1]), a6);
            a7 = odd.fma(FloatVector.broadcast(F, x[xk + 7 * xs + 1]), a7);
            a8 = odd.fma(FloatVector.broadcast(F, x[xk + 8 * xs + 1]), a8);
            a9 = odd.fma(FloatVector.broadcast(F, x[xk + 9 * xs + 1]), a9);
            a10 = odd.fma(FloatVector.broadcast(F, x[xk + 10 * xs + 1]), a10);
            a11 = odd.fma(FloatVector.broadcast(F, x[xk + 11 * xs + 1]), a11);
            a12 = odd.fma(FloatVector.broadcast(F, x[xk + 12 * xs + 1]), a12);
            a13 = odd.fma(FloatVector.broadcast(F, x[xk + 13 * xs + 1]), a13);
            a14 = odd.fma(FloatVector.broadcast(F, x[xk + 14 * xs + 1]), a14);
            a15 = odd.fma(FloatVector.broadcast(F, x[xk + 15 * xs + 1]), a15);
        }
        if (pairs < kn) { // the last input of an odd count: its pair's high half is padding
            FloatVector even = IntVector.fromArray(I, w, wo + pairs * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            int xk = xo + pairs;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + 1 * xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a4 = even.fma(FloatVector.broadcast(F, x[xk + 4 * xs]), a4);
            a5 = even.fma(FloatVector.broadcast(F, x[xk + 5 * xs]), a5);
            a6 = even.fma(FloatVector.broadcast(F, x[xk + 6 * xs]), a6);
            a7 = even.fma(FloatVector.broadcast(F, x[xk + 7 * xs]), a7);
            a8 = even.fma(FloatVector.broadcast(F, x[xk + 8 * xs]), a8);
            a9 = even.fma(FloatVector.broadcast(F, x[xk + 9 * xs]), a9);
            a10 = even.fma(FloatVector.broadcast(F, x[xk + 10 * xs]), a10);
            a11 = even.fma(FloatVector.broadcast(F, x[xk + 11 * xs]), a11);
            a12 = even.fma(FloatVector.broadcast(F, x[xk + 12 * xs]), a12);
            a13 = even.fma(FloatVector.broadcast(F, x[xk + 13 * xs]), a13);
            a14 = even.fma(FloatVector.broadcast(F, x[xk + 14 * xs]), a14);
            a15 = even.fma(FloatVector.broadcast(F, x[xk + 15 * xs]), a15);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 1 * ys);
        a2.intoArray(y, yo + 2 * ys);
        a3.intoArray(y, yo + 3 * ys);
        a4.intoArray(y, yo + 4 * ys);
        a5.intoArray(y, yo + 5 * ys);
        a6.intoArray(y, yo + 6 * ys);
        a7.intoArray(y, yo + 7 * ys);
        a8.intoArray(y, yo + 8 * ys);
        a9.intoArray(y, yo + 9 * ys);
        a10.intoArray(y, yo + 10 * ys);
        a11.intoArray(y, yo + 11 * ys);
        a12.intoArray(y, yo + 12 * ys);
        a13.intoArray(y, yo + 13 * ys);
        a14.intoArray(y, yo + 14 * ys);
        a15.intoArray(y, yo + 15 * ys);
    }

    private static void bf16Rows8(int[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + 1 * ys, accumulate);
        FloatVector a2 = start(y, yo + 2 * ys, accumulate);
        FloatVector a3 = start(y, yo + 3 * ys, accumulate);
        FloatVector a4 = start(y, yo + 4 * ys, accumulate);
        FloatVector a5 = start(y, yo + 5 * ys, accumulate);
        FloatVector a6 = start(y, yo + 6 * ys, accumulate);
        FloatVector a7 = start(y, yo + 7 * ys, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            FloatVector even = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector odd = v.and(HIGH_HALF).reinterpretAsFloats();
            int xk = xo + k;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + 1 * xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a4 = even.fma(FloatVector.broadcast(F, x[xk + 4 * xs]), a4);
            a5 = even.fma(FloatVector.broadcast(F, x[xk + 5 * xs]), a5);
            a6 = even.fma(FloatVector.broadcast(F, x[xk + 6 * xs]), a6);
            a7 = even.fma(FloatVector.broadcast(F, x[xk + 7 * xs]), a7);
            a0 = odd.fma(FloatVector.broadcast(F, x[xk + 1]), a0);
            a1 = odd.fma(FloatVector.broadcast(F, x[xk + 1 * xs + 1]), a1);
            a2 = odd.fma(FloatVector.broadcast(F, x[xk + 2 * xs + 1]), a2);
            a3 = odd.fma(FloatVector.broadcast(F, x[xk + 3 * xs + 1]), a3);
            a4 = odd.fma(FloatVector.broadcast(F, x[xk + 4 * xs + 1]), a4);
            a5 = odd.fma(FloatVector.broadcast(F, x[xk + 5 * xs + 1]), a5);
            a6 = odd.fma(FloatVector.broadcast(F, x[xk + 6 * xs + 1]), a6);
            a7 = odd.fma(FloatVector.broadcast(F, x[xk + 7 * xs + 1]), a7);
        }
        if (pairs < kn) {
            FloatVector even = IntVector.fromArray(I, w, wo + pairs * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            int xk = xo + pairs;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + 1 * xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a4 = even.fma(FloatVector.broadcast(F, x[xk + 4 * xs]), a4);
            a5 = even.fma(FloatVector.broadcast(F, x[xk + 5 * xs]), a5);
            a6 = even.fma(FloatVector.broadcast(F, x[xk + 6 * xs]), a6);
            a7 = even.fma(FloatVector.broadcast(F, x[xk + 7 * xs]), a7);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + 1 * ys);
        a2.intoArray(y, yo + 2 * ys);
        a3.intoArray(y, yo + 3 * ys);
        a4.intoArray(y, yo + 4 * ys);
        a5.intoArray(y, yo + 5 * ys);
        a6.intoArray(y, yo + 6 * ys);
        a7.intoArray(y, yo + 7 * ys);
    }

    private static void bf16Rows4(int[] w, int wo, int kn, float[] x, int xo, int xs, float[] y, int yo, int ys,
            boolean accumulate) {
        FloatVector a0 = start(y, yo, accumulate);
        FloatVector a1 = start(y, yo + ys, accumulate);
        FloatVector a2 = start(y, yo + 2 * ys, accumulate);
        FloatVector a3 = start(y, yo + 3 * ys, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            FloatVector even = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector odd = v.and(HIGH_HALF).reinterpretAsFloats();
            int xk = xo + k;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
            a0 = odd.fma(FloatVector.broadcast(F, x[xk + 1]), a0);
            a1 = odd.fma(FloatVector.broadcast(F, x[xk + xs + 1]), a1);
            a2 = odd.fma(FloatVector.broadcast(F, x[xk + 2 * xs + 1]), a2);
            a3 = odd.fma(FloatVector.broadcast(F, x[xk + 3 * xs + 1]), a3);
        }
        if (pairs < kn) {
            FloatVector even = IntVector.fromArray(I, w, wo + pairs * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            int xk = xo + pairs;
            a0 = even.fma(FloatVector.broadcast(F, x[xk]), a0);
            a1 = even.fma(FloatVector.broadcast(F, x[xk + xs]), a1);
            a2 = even.fma(FloatVector.broadcast(F, x[xk + 2 * xs]), a2);
            a3 = even.fma(FloatVector.broadcast(F, x[xk + 3 * xs]), a3);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + ys);
        a2.intoArray(y, yo + 2 * ys);
        a3.intoArray(y, yo + 3 * ys);
    }

    private static void bf16Row1(int[] w, int wo, int kn, float[] x, int xo, float[] y, int yo, boolean accumulate) {
        FloatVector a = start(y, yo, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector v = IntVector.fromArray(I, w, wo + k * 8);
            a = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.broadcast(F, x[xo + k]), a);
            a = v.and(HIGH_HALF).reinterpretAsFloats().fma(FloatVector.broadcast(F, x[xo + k + 1]), a);
        }
        if (pairs < kn) {
            a = IntVector.fromArray(I, w, wo + pairs * 8).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(FloatVector.broadcast(F, x[xo + pairs]), a);
        }
        a.intoArray(y, yo);
    }

    /**
     * {@link PanelKernels#multiplyBf16TwoPanels}: two chains of FMAs, one a panel, where one row of one panel
     * would wait on each FMA's latency.
     */
    static void multiplyBf16TwoPanels(int[] w, int wa, int wb, int kn, float[] x, int xo, float[] y, int ya, int yb,
            boolean accumulate) {
        FloatVector a = start(y, ya, accumulate);
        FloatVector b = start(y, yb, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector va = IntVector.fromArray(I, w, wa + k * 8);
            IntVector vb = IntVector.fromArray(I, w, wb + k * 8);
            FloatVector even = FloatVector.broadcast(F, x[xo + k]);
            FloatVector odd = FloatVector.broadcast(F, x[xo + k + 1]);
            a = va.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, a);
            b = vb.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(even, b);
            a = va.and(HIGH_HALF).reinterpretAsFloats().fma(odd, a);
            b = vb.and(HIGH_HALF).reinterpretAsFloats().fma(odd, b);
        }
        if (pairs < kn) {
            FloatVector even = FloatVector.broadcast(F, x[xo + pairs]);
            a = IntVector.fromArray(I, w, wa + pairs * 8).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(even, a);
            b = IntVector.fromArray(I, w, wb + pairs * 8).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(even, b);
        }
        a.intoArray(y, ya);
        b.intoArray(y, yb);
    }

    /**
     * {@link PanelKernels#multiplyBf16TwoPanels8}: 8 rows of two panels, 16 accumulators; each broadcast input
     * feeds two FMAs, half the broadcasts a multiply-add of the 16-row kernel, which runs faster when the
     * weights are in cache (prefill) and at the same rate when they stream.
     */
    static void multiplyBf16TwoPanels8(int[] w, int wa, int wb, int kn, float[] x, int xo, int xs, float[] y, int ya,
            int yb, int ys, boolean accumulate) {
        FloatVector a0 = start(y, ya, accumulate);
        FloatVector b0 = start(y, yb, accumulate);
        FloatVector a1 = start(y, ya + 1 * ys, accumulate);
        FloatVector b1 = start(y, yb + 1 * ys, accumulate);
        FloatVector a2 = start(y, ya + 2 * ys, accumulate);
        FloatVector b2 = start(y, yb + 2 * ys, accumulate);
        FloatVector a3 = start(y, ya + 3 * ys, accumulate);
        FloatVector b3 = start(y, yb + 3 * ys, accumulate);
        FloatVector a4 = start(y, ya + 4 * ys, accumulate);
        FloatVector b4 = start(y, yb + 4 * ys, accumulate);
        FloatVector a5 = start(y, ya + 5 * ys, accumulate);
        FloatVector b5 = start(y, yb + 5 * ys, accumulate);
        FloatVector a6 = start(y, ya + 6 * ys, accumulate);
        FloatVector b6 = start(y, yb + 6 * ys, accumulate);
        FloatVector a7 = start(y, ya + 7 * ys, accumulate);
        FloatVector b7 = start(y, yb + 7 * ys, accumulate);
        int pairs = kn & ~1;
        for (int k = 0; k < pairs; k += 2) {
            IntVector va = IntVector.fromArray(I, w, wa + k * 8);
            IntVector vb = IntVector.fromArray(I, w, wb + k * 8);
            FloatVector evenA = va.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector evenB = vb.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector oddA = va.and(HIGH_HALF).reinterpretAsFloats();
            FloatVector oddB = vb.and(HIGH_HALF).reinterpretAsFloats();
            int xk = xo + k;
            FloatVector t;
            t = FloatVector.broadcast(F, x[xk]);
            a0 = evenA.fma(t, a0);
            b0 = evenB.fma(t, b0);
            t = FloatVector.broadcast(F, x[xk + 1 * xs]);
            a1 = evenA.fma(t, a1);
            b1 = evenB.fma(t, b1);
            t = FloatVector.broadcast(F, x[xk + 2 * xs]);
            a2 = evenA.fma(t, a2);
            b2 = evenB.fma(t, b2);
            t = FloatVector.broadcast(F, x[xk + 3 * xs]);
            a3 = evenA.fma(t, a3);
            b3 = evenB.fma(t, b3);
            t = FloatVector.broadcast(F, x[xk + 4 * xs]);
            a4 = evenA.fma(t, a4);
            b4 = evenB.fma(t, b4);
            t = FloatVector.broadcast(F, x[xk + 5 * xs]);
            a5 = evenA.fma(t, a5);
            b5 = evenB.fma(t, b5);
            t = FloatVector.broadcast(F, x[xk + 6 * xs]);
            a6 = evenA.fma(t, a6);
            b6 = evenB.fma(t, b6);
            t = FloatVector.broadcast(F, x[xk + 7 * xs]);
            a7 = evenA.fma(t, a7);
            b7 = evenB.fma(t, b7);
            t = FloatVector.broadcast(F, x[xk + 1]);
            a0 = oddA.fma(t, a0);
            b0 = oddB.fma(t, b0);
            t = FloatVector.broadcast(F, x[xk + 1 * xs + 1]);
            a1 = oddA.fma(t, a1);
            b1 = oddB.fma(t, b1);
            t = FloatVector.broadcast(F, x[xk + 2 * xs + 1]);
            a2 = oddA.fma(t, a2);
            b2 = oddB.fma(t, b2);
            t = FloatVector.broadcast(F, x[xk + 3 * xs + 1]);
            a3 = oddA.fma(t, a3);
            b3 = oddB.fma(t, b3);
            t = FloatVector.broadcast(F, x[xk + 4 * xs + 1]);
            a4 = oddA.fma(t, a4);
            b4 = oddB.fma(t, b4);
            t = FloatVector.broadcast(F, x[xk + 5 * xs + 1]);
            a5 = oddA.fma(t, a5);
            b5 = oddB.fma(t, b5);
            t = FloatVector.broadcast(F, x[xk + 6 * xs + 1]);
            a6 = oddA.fma(t, a6);
            b6 = oddB.fma(t, b6);
            t = FloatVector.broadcast(F, x[xk + 7 * xs + 1]);
            a7 = oddA.fma(t, a7);
            b7 = oddB.fma(t, b7);
        }
        if (pairs < kn) {
            FloatVector evenA = IntVector.fromArray(I, w, wa + pairs * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            FloatVector evenB = IntVector.fromArray(I, w, wb + pairs * 8).lanewise(VectorOperators.LSHL, 16)
                    .reinterpretAsFloats();
            int xk = xo + pairs;
            FloatVector t;
            t = FloatVector.broadcast(F, x[xk]);
            a0 = evenA.fma(t, a0);
            b0 = evenB.fma(t, b0);
            t = FloatVector.broadcast(F, x[xk + 1 * xs]);
            a1 = evenA.fma(t, a1);
            b1 = evenB.fma(t, b1);
            t = FloatVector.broadcast(F, x[xk + 2 * xs]);
            a2 = evenA.fma(t, a2);
            b2 = evenB.fma(t, b2);
            t = FloatVector.broadcast(F, x[xk + 3 * xs]);
            a3 = evenA.fma(t, a3);
            b3 = evenB.fma(t, b3);
            t = FloatVector.broadcast(F, x[xk + 4 * xs]);
            a4 = evenA.fma(t, a4);
            b4 = evenB.fma(t, b4);
            t = FloatVector.broadcast(F, x[xk + 5 * xs]);
            a5 = evenA.fma(t, a5);
            b5 = evenB.fma(t, b5);
            t = FloatVector.broadcast(F, x[xk + 6 * xs]);
            a6 = evenA.fma(t, a6);
            b6 = evenB.fma(t, b6);
            t = FloatVector.broadcast(F, x[xk + 7 * xs]);
            a7 = evenA.fma(t, a7);
            b7 = evenB.fma(t, b7);
        }
        a0.intoArray(y, ya);
        b0.intoArray(y, yb);
        a1.intoArray(y, ya + 1 * ys);
        b1.intoArray(y, yb + 1 * ys);
        a2.intoArray(y, ya + 2 * ys);
        b2.intoArray(y, yb + 2 * ys);
        a3.intoArray(y, ya + 3 * ys);
        b3.intoArray(y, yb + 3 * ys);
        a4.intoArray(y, ya + 4 * ys);
        b4.intoArray(y, yb + 4 * ys);
        a5.intoArray(y, ya + 5 * ys);
        b5.intoArray(y, yb + 5 * ys);
        a6.intoArray(y, ya + 6 * ys);
        b6.intoArray(y, yb + 6 * ys);
        a7.intoArray(y, ya + 7 * ys);
        b7.intoArray(y, yb + 7 * ys);
    }

    /** {@link PanelKernels#multiplyQ8FourPanels}: four chains of FMAs, one a panel. */
    static void multiplyQ8FourPanels(byte[] q, int qo, int qs, float[] scales, int so, int ss, int scaleStep,
            int columns, float[] x, int xo, float[] y, int yo, boolean accumulate) {
        FloatVector a = start(y, yo, accumulate);
        FloatVector b = start(y, yo + WIDTH, accumulate);
        FloatVector c = start(y, yo + 2 * WIDTH, accumulate);
        FloatVector d = start(y, yo + 3 * WIDTH, accumulate);
        FloatVector ta = FloatVector.zero(F);
        FloatVector tb = ta;
        FloatVector tc = ta;
        FloatVector td = ta;
        for (int k0 = 0, s = so; k0 < columns; k0 += BLOCK, s += scaleStep) {
            int qk = qo + k0 * WIDTH;
            for (int k = 0; k < BLOCK; k++, qk += WIDTH) {
                FloatVector xk = FloatVector.broadcast(F, x[xo + k0 + k]);
                ta = q8(q, qk).fma(xk, ta);
                tb = q8(q, qk + qs).fma(xk, tb);
                tc = q8(q, qk + 2 * qs).fma(xk, tc);
                td = q8(q, qk + 3 * qs).fma(xk, td);
            }
            if (scaleStep != 0 || k0 + BLOCK >= columns) {
                a = ta.fma(FloatVector.fromArray(F, scales, s), a);
                b = tb.fma(FloatVector.fromArray(F, scales, s + ss), b);
                c = tc.fma(FloatVector.fromArray(F, scales, s + 2 * ss), c);
                d = td.fma(FloatVector.fromArray(F, scales, s + 3 * ss), d);
                ta = FloatVector.zero(F);
                tb = ta;
                tc = ta;
                td = ta;
            }
        }
        a.intoArray(y, yo);
        b.intoArray(y, yo + WIDTH);
        c.intoArray(y, yo + 2 * WIDTH);
        d.intoArray(y, yo + 3 * WIDTH);
    }

    /** Sixteen Q8 values of one input step, as floats. */
    private static FloatVector q8(byte[] q, int at) {
        return (FloatVector) ByteVector.fromArray(B, q, at).convertShape(VectorOperators.B2F, F, 0);
    }

    /** {@link PanelKernels#multiplyQ8TwoPanels}: two chains of FMAs, one a panel. */
    static void multiplyQ8TwoPanels(byte[] q, int qa, int qb, float[] scales, int sa, int sb, int scaleStep,
            int columns, float[] x, int xo, float[] y, int ya, int yb, boolean accumulate) {
        FloatVector a = start(y, ya, accumulate);
        FloatVector b = start(y, yb, accumulate);
        FloatVector ta = FloatVector.zero(F);
        FloatVector tb = ta;
        for (int k0 = 0, s = 0; k0 < columns; k0 += BLOCK, s += scaleStep) {
            int qk = k0 * WIDTH;
            for (int k = 0; k < BLOCK; k++, qk += WIDTH) {
                FloatVector xk = FloatVector.broadcast(F, x[xo + k0 + k]);
                ta = q8(q, qa + qk).fma(xk, ta);
                tb = q8(q, qb + qk).fma(xk, tb);
            }
            if (scaleStep != 0 || k0 + BLOCK >= columns) {
                a = ta.fma(FloatVector.fromArray(F, scales, sa + s), a);
                b = tb.fma(FloatVector.fromArray(F, scales, sb + s), b);
                ta = FloatVector.zero(F);
                tb = ta;
            }
        }
        a.intoArray(y, ya);
        b.intoArray(y, yb);
    }

    /** {@link PanelKernels#multiplyQ8Row}. */
    static void multiplyQ8Row(byte[] q, int qo, float[] scales, int so, int scaleStep, int columns, float[] x, int xo,
            float[] y, int yo, boolean accumulate) {
        FloatVector a = start(y, yo, accumulate);
        FloatVector t = FloatVector.zero(F);
        for (int k0 = 0, s = so; k0 < columns; k0 += BLOCK, s += scaleStep) {
            int qk = qo + k0 * WIDTH;
            for (int k = 0; k < BLOCK; k++, qk += WIDTH) {
                t = q8(q, qk).fma(FloatVector.broadcast(F, x[xo + k0 + k]), t);
            }
            if (scaleStep != 0 || k0 + BLOCK >= columns) {
                a = t.fma(FloatVector.fromArray(F, scales, s), a);
                t = FloatVector.zero(F);
            }
        }
        a.intoArray(y, yo);
    }
}
