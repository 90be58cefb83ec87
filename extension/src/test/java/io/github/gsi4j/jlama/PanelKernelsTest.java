package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 512-bit and the 256-bit kernels give the same bits for every row count (16-row, 8-row, 4-row and single-row
 * groups), odd and even input counts, overwriting and accumulating, so results do not depend on the CPU's
 * vector size. Whichever set is not the CPU's runs on the Vector API's portable fallback: slower, same values.
 */
class PanelKernelsTest {

    static final int ROWS = 29; // 16 + 8 + 4 + 1
    static final SplittableRandom RANDOM = new SplittableRandom(17);

    static float[] gaussians(int n) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) RANDOM.nextGaussian();
        }
        return v;
    }

    interface Kernel {
        void run(boolean wide, float[] y, boolean accumulate);
    }

    static void assertSameBits(int outputs, Kernel kernel) {
        for (boolean accumulate : new boolean[] { false, true }) {
            float[] start = gaussians(outputs);
            float[] narrow = start.clone();
            float[] wide = start.clone();
            kernel.run(false, narrow, accumulate);
            kernel.run(true, wide, accumulate);
            for (int i = 0; i < outputs; i++) {
                assertThat(wide[i]).as("output %d, accumulate %s", i, accumulate).isEqualTo(narrow[i]);
            }
            assertThat(wide).as("the kernels wrote something").isNotEqualTo(start);
        }
    }

    @Test
    void bf16KernelsAgreeToTheBit() {
        for (int kn : new int[] { 128, 35 }) {
            int[] w = new int[(kn + 1) / 2 * 16];
            for (int i = 0; i < w.length; i++) { // two BF16 values of moderate size an int
                w[i] = (RANDOM.nextInt(0x100) + 0x3E80) | (RANDOM.nextInt(0x100) + 0xBE80) << 16;
            }
            if (kn % 2 == 1) {
                for (int j = 0; j < 16; j++) {
                    w[(kn - 1) * 8 + j] &= 0xFFFF; // the padding an odd last input leaves
                }
            }
            float[] x = gaussians(ROWS * kn);
            int ys = 24;
            assertSameBits(ROWS * ys, (wide, y, acc) -> {
                if (wide) {
                    WideKernels.multiplyBf16(w, 0, kn, x, 0, kn, ROWS, y, 0, ys, acc);
                } else {
                    NarrowKernels.multiplyBf16(w, 0, kn, x, 0, kn, ROWS, y, 0, ys, acc);
                }
            });
            int half = w.length / 2 / 16 * 16;
            int kh = Math.min(kn, half / 8);
            assertSameBits(32, (wide, y, acc) -> { // one row, two panels: each as if alone
                if (wide) {
                    WideKernels.multiplyBf16TwoPanels(w, 0, half, kh, x, 0, y, 0, 16, acc);
                } else {
                    NarrowKernels.multiplyBf16(w, 0, kh, x, 0, 0, 1, y, 0, 0, acc);
                    NarrowKernels.multiplyBf16(w, half, kh, x, 0, 0, 1, y, 16, 0, acc);
                }
            });
            assertSameBits(8 * 40, (wide, y, acc) -> { // 8 rows, two panels: each as if alone
                if (wide) {
                    WideKernels.multiplyBf16TwoPanels8(w, 0, half, kh, x, 0, kn, y, 0, 16, 40, acc);
                } else {
                    NarrowKernels.multiplyBf16(w, 0, kh, x, 0, kn, 8, y, 0, 40, acc);
                    NarrowKernels.multiplyBf16(w, half, kh, x, 0, kn, 8, y, 16, 40, acc);
                }
            });
        }
    }

    @Test
    void f32KernelsAgreeToTheBit() {
        int kn = 77;
        float[] w = gaussians(kn * 40);
        float[] x = gaussians(ROWS * kn);
        int ys = 20;
        assertSameBits(ROWS * ys, (wide, y, acc) -> { // a strided read, as of the KV cache
            if (wide) {
                WideKernels.multiply(w, 3, 40, kn, x, 0, kn, ROWS, y, 0, ys, acc);
            } else {
                NarrowKernels.multiply(w, 3, 40, kn, x, 0, kn, ROWS, y, 0, ys, acc);
            }
        });
        assertSameBits(ROWS * ys, (wide, y, acc) -> { // a decoded chunk: stride 16
            if (wide) {
                WideKernels.multiplyPanel(w, 5, kn, x, 0, kn, ROWS, y, 0, ys, acc);
            } else {
                NarrowKernels.multiplyPanel(w, 5, kn, x, 0, kn, ROWS, y, 0, ys, acc);
            }
        });
    }

    /** Scales a block of 32 apart (a model Jlama quantized) and one scale for the whole row (quantized on load). */
    @ParameterizedTest
    @ValueSource(ints = { 16, 0 })
    void q8RowKernelsAgreeToTheBit(int scaleStep) {
        int columns = 96;
        byte[] q = new byte[4 * columns * 16]; // four panels
        RANDOM.nextBytes(q);
        float[] scales = new float[4 * columns / 32 * 16];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = (float) (0.01 + RANDOM.nextDouble() / 50);
        }
        float[] x = gaussians(columns);
        assertSameBits(16, (wide, y, acc) -> {
            if (wide) {
                WideKernels.multiplyQ8Row(q, 0, scales, 0, scaleStep, columns, x, 0, y, 0, acc);
            } else {
                NarrowKernels.multiplyQ8Row(q, 0, scales, 0, scaleStep, columns, x, 0, y, 0, acc);
            }
        });
        int half = q.length / 4;
        int otherScales = scales.length / 4;
        assertSameBits(32, (wide, y, acc) -> { // two panels: each as if alone
            if (wide) {
                WideKernels.multiplyQ8TwoPanels(q, 0, half, scales, 0, otherScales, scaleStep, columns, x, 0, y, 0, 16,
                        acc);
            } else {
                NarrowKernels.multiplyQ8Row(q, 0, scales, 0, scaleStep, columns, x, 0, y, 0, acc);
                NarrowKernels.multiplyQ8Row(q, half, scales, otherScales, scaleStep, columns, x, 0, y, 16, acc);
            }
        });
        assertSameBits(64, (wide, y, acc) -> { // four panels: each as if alone
            if (wide) {
                WideKernels.multiplyQ8FourPanels(q, 0, half, scales, 0, otherScales, scaleStep, columns, x, 0, y, 0,
                        acc);
            } else {
                for (int i = 0; i < 4; i++) {
                    NarrowKernels.multiplyQ8Row(q, i * half, scales, i * otherScales, scaleStep, columns, x, 0, y,
                            16 * i, acc);
                }
            }
        });
    }
}
