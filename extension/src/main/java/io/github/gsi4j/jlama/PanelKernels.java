package io.github.gsi4j.jlama;

import jdk.incubator.vector.FloatVector;

/**
 * The matrix-product microkernels of the batched decoder, on the Vector API: a weight <em>panel</em> is
 * {@value #WIDTH} output rows stored k-major ({@code w[k·16 + j]} is output j's weight for input k), so one k
 * step multiplies the weights of 16 outputs by one broadcast input per row and every accumulator stays in a
 * register. BF16 panels store two inputs per int: {@code w[(k / 2)·16 + j]} holds output j's weight for input
 * k in its low half and for input k + 1 in its high half, so one load and a shift or a mask give 16 outputs
 * of two inputs. Quantized weights are decoded into an F32 chunk once per panel and chunk, then shared by every
 * group of rows (see {@link PackedMatrix}).
 * <p>
 * Two implementations give the same bits: {@link WideKernels} on 512-bit vectors (one vector a row, up to 16
 * rows sharing each weight load: 1.3 to 1.7 times the 256-bit rate on this project's AVX-512 machine) and
 * {@link NarrowKernels} on 256-bit vectors (AVX2). In both, each output accumulates its products in increasing
 * k, one FMA a step, whatever the number of rows in a call, so a row's result does not depend on how many other
 * rows share it (the decoder's results do not depend on which other candidates are still running). The choice
 * follows the JVM's preferred vector size.
 */
final class PanelKernels {

    /** Output rows per panel. */
    static final int WIDTH = 16;
    /** Input steps per chunk: 128 × 16 floats (8 KiB) and the rows of input stay in the L1 cache. */
    static final int CHUNK = 128;
    /** Whether the 512-bit kernels run: the JVM prefers 512-bit vectors (AVX-512 and {@code MaxVectorSize} 64). */
    static final boolean WIDE = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;

    private PanelKernels() {
    }

    /**
     * {@code y[r·yStride + j] (+)= Σ_{k<kn} x[r·xStride + k] · w[wOffset + k·wStride + j]} for rows r < rows
     * and outputs j < 16 (offsets applied to x and y): the KV cache's keys and values, read in place with their
     * own strides.
     *
     * @param accumulate add to y (true) or overwrite it
     */
    static void multiply(float[] w, int wOffset, int wStride, int kn, float[] x, int xOffset, int xStride, int rows,
            float[] y, int yOffset, int yStride, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiply(w, wOffset, wStride, kn, x, xOffset, xStride, rows, y, yOffset, yStride, accumulate);
        } else {
            NarrowKernels.multiply(w, wOffset, wStride, kn, x, xOffset, xStride, rows, y, yOffset, yStride,
                    accumulate);
        }
    }

    /**
     * {@link #multiply} for a decoded weight chunk (stride 16, which the JIT compiles to tighter loops than a
     * variable one: about 40% faster).
     */
    static void multiplyPanel(float[] w, int wOffset, int kn, float[] x, int xOffset, int xStride, int rows, float[] y,
            int yOffset, int yStride, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyPanel(w, wOffset, kn, x, xOffset, xStride, rows, y, yOffset, yStride, accumulate);
        } else {
            NarrowKernels.multiplyPanel(w, wOffset, kn, x, xOffset, xStride, rows, y, yOffset, yStride, accumulate);
        }
    }

    /**
     * {@link #multiply} for a BF16 panel from input {@code wOffset / 8} on ({@code wOffset} at an even input),
     * widened in registers as it is read: the same products, in the same order, as on the decoded F32 values.
     * An odd {@code kn} reads only the low halves of the last pair.
     */
    static void multiplyBf16(int[] w, int wOffset, int kn, float[] x, int xOffset, int xStride, int rows, float[] y,
            int yOffset, int yStride, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyBf16(w, wOffset, kn, x, xOffset, xStride, rows, y, yOffset, yStride, accumulate);
        } else {
            NarrowKernels.multiplyBf16(w, wOffset, kn, x, xOffset, xStride, rows, y, yOffset, yStride, accumulate);
        }
    }

    /**
     * One row times two BF16 panels (at {@code wa} and {@code wb}, into {@code y} at {@code ya} and {@code yb}):
     * the same bits as two calls of {@link #multiplyBf16} with one row.
     */
    static void multiplyBf16TwoPanels(int[] w, int wa, int wb, int kn, float[] x, int xOffset, float[] y, int ya,
            int yb, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyBf16TwoPanels(w, wa, wb, kn, x, xOffset, y, ya, yb, accumulate);
        } else {
            NarrowKernels.multiplyBf16(w, wa, kn, x, xOffset, 0, 1, y, ya, 0, accumulate);
            NarrowKernels.multiplyBf16(w, wb, kn, x, xOffset, 0, 1, y, yb, 0, accumulate);
        }
    }

    /**
     * Eight rows times two BF16 panels (at {@code wa} and {@code wb}, into {@code y} at {@code ya} and {@code yb},
     * rows {@code xs} and {@code ys} apart): the same bits as {@link #multiplyBf16} on each panel. Only the 512-bit
     * kernels have the registers for it; the 256-bit ones run the two panels one after the other.
     */
    static void multiplyBf16TwoPanels8(int[] w, int wa, int wb, int kn, float[] x, int xOffset, int xStride, float[] y,
            int ya, int yb, int yStride, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyBf16TwoPanels8(w, wa, wb, kn, x, xOffset, xStride, y, ya, yb, yStride, accumulate);
        } else {
            NarrowKernels.multiplyBf16(w, wa, kn, x, xOffset, xStride, 8, y, ya, yStride, accumulate);
            NarrowKernels.multiplyBf16(w, wb, kn, x, xOffset, xStride, 8, y, yb, yStride, accumulate);
        }
    }

    /**
     * One row times a Q8 panel ({@code q[qOffset + k·16 + j]}, block b's scales at
     * {@code scales[sOffset + b·scaleStep + j]}: a step of 16 for a scale per block of 32, 0 for one per row),
     * decoded in registers: the stored values times the inputs are summed from zero (one FMA an input, in
     * increasing k), over the whole call with a scale a row, over each block of 32 inputs with a scale a block, and
     * each sum is added to y times its scales (one FMA), as {@link PackedMatrix}'s product of a batch does it over
     * decoded chunks, so the result is the same to the bit. Scaling sums rather than each weight saves a
     * multiplication a weight (a single Q8 sequence decodes 5-10% faster on two cores).
     */
    static void multiplyQ8Row(byte[] q, int qOffset, float[] scales, int sOffset, int scaleStep, int columns, float[] x,
            int xo, float[] y, int yo, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyQ8Row(q, qOffset, scales, sOffset, scaleStep, columns, x, xo, y, yo, accumulate);
        } else {
            NarrowKernels.multiplyQ8Row(q, qOffset, scales, sOffset, scaleStep, columns, x, xo, y, yo, accumulate);
        }
    }

    /**
     * One row times four consecutive Q8 panels (values at {@code qOffset + i·qStride}, scales at
     * {@code sOffset + i·sStride}, into {@code y} at {@code yOffset + i·16}, i < 4): the same bits as four calls of
     * {@link #multiplyQ8Row}. Four independent chains of FMAs: a single sequence streams the weights about half
     * as fast again as with two (one core of the project's machine: 14.5 against 21.5 billion weights a second).
     */
    static void multiplyQ8FourPanels(byte[] q, int qOffset, int qStride, float[] scales, int sOffset, int sStride,
            int scaleStep, int columns, float[] x, int xo, float[] y, int yOffset, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyQ8FourPanels(q, qOffset, qStride, scales, sOffset, sStride, scaleStep, columns, x, xo,
                    y, yOffset, accumulate);
        } else {
            for (int i = 0; i < 4; i++) {
                NarrowKernels.multiplyQ8Row(q, qOffset + i * qStride, scales, sOffset + i * sStride, scaleStep,
                        columns, x, xo, y, yOffset + i * WIDTH, accumulate);
            }
        }
    }

    /**
     * One row times two Q8 panels (values at {@code qa} and {@code qb}, scales at {@code sa} and {@code sb}, into
     * {@code y} at {@code ya} and {@code yb}): the same bits as two calls of {@link #multiplyQ8Row}.
     */
    static void multiplyQ8TwoPanels(byte[] q, int qa, int qb, float[] scales, int sa, int sb, int scaleStep,
            int columns, float[] x, int xo, float[] y, int ya, int yb, boolean accumulate) {
        if (WIDE) {
            WideKernels.multiplyQ8TwoPanels(q, qa, qb, scales, sa, sb, scaleStep, columns, x, xo, y, ya, yb, accumulate);
        } else {
            NarrowKernels.multiplyQ8Row(q, qa, scales, sa, scaleStep, columns, x, xo, y, ya, accumulate);
            NarrowKernels.multiplyQ8Row(q, qb, scales, sb, scaleStep, columns, x, xo, y, yb, accumulate);
        }
    }
}
