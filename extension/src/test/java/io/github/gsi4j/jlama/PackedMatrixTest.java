package io.github.gsi4j.jlama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.Q4ByteBufferTensor;
import com.github.tjake.jlama.tensor.TensorShape;

/**
 * The packed weight formats and their products: decoding gives back the stored values (BF16 and F32
 * exactly, Q4 exactly as Jlama's own quantized tensors read it, Q8 as its per-row quantization defines it),
 * products match a plain
 * double-precision product, and a row's result does not depend on how many rows share the call.
 */
class PackedMatrixTest {

    /** 37 rows (not a multiple of the panel's 16), 320 columns (more than a 256-step chunk, a multiple of 32). */
    static final int ROWS = 37;
    static final int COLS = 320;
    /** An odd row length: BF16 pairs its last input with padding. */
    static final int ODD = 35;

    @TempDir
    static Path dir;
    static float[] values;
    static SafetensorsFiles files;

    @BeforeAll
    static void write() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        values = new float[ROWS * COLS];
        for (int i = 0; i < values.length; i++) {
            // BF16-representable values, so the BF16 tensor and the F32 one hold the same numbers
            values[i] = Float.intBitsToFloat(Float.floatToRawIntBits((float) r.nextGaussian()) & 0xFFFF0000);
        }
        ByteBuffer f32 = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        f32.asFloatBuffer().put(values);
        ByteBuffer bf16 = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bf16.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("f32", Map.of("dtype", "F32", "shape", new int[] { ROWS, COLS }, "data_offsets",
                new long[] { 0, f32.capacity() }));
        header.put("bf16", Map.of("dtype", "BF16", "shape", new int[] { ROWS, COLS }, "data_offsets",
                new long[] { f32.capacity(), f32.capacity() + bf16.capacity() }));
        // the first ROWS x ODD of the same values, as an odd-length BF16 tensor sharing the bf16 tensor's bytes
        header.put("odd", Map.of("dtype", "BF16", "shape", new int[] { ROWS, ODD }, "data_offsets",
                new long[] { f32.capacity(), f32.capacity() + 2L * ROWS * ODD }));
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + f32.capacity() + bf16.capacity())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json).put(f32.array()).put(bf16.array());
        Files.write(dir.resolve("model.safetensors"), out.array());
        files = new SafetensorsFiles(dir);
    }

    static PackedMatrix pack(PackedMatrix.Format format) {
        return PackedMatrix.pack(files, List.of(format == PackedMatrix.Format.BF16 ? "bf16" : "f32"), format);
    }

    @AfterAll
    static void close() {
        files.close();
    }

    @ParameterizedTest
    @EnumSource(PackedMatrix.Format.class)
    void decodedRowsAreTheStoredValues(PackedMatrix.Format format) {
        PackedMatrix m = pack(format);
        AbstractTensor source = new FloatBufferTensor(FloatBuffer.wrap(values.clone()), TensorShape.of(ROWS, COLS), false);
        AbstractTensor expected = format == PackedMatrix.Format.Q4 ? new Q4ByteBufferTensor(source) : source;
        float[] row = new float[COLS];
        for (int r = 0; r < ROWS; r++) {
            m.row(r, row, 0);
            float max = 0;
            for (int c = 0; c < COLS; c++) {
                max = Math.max(max, Math.abs(values[r * COLS + c]));
            }
            for (int c = 0; c < COLS; c++) {
                // Q8: one scale a row, max|w| / 127, and round(w · 127 / max|w|) times it
                float want = format == PackedMatrix.Format.Q8
                        ? Math.round(values[r * COLS + c] * (127f / max)) * (1 / (127f / max))
                        : expected.get(r, c);
                assertThat(row[c]).as("%s row %d column %d", format, r, c).isEqualTo(want);
                if (format == PackedMatrix.Format.Q8) {
                    assertThat(Math.abs(row[c] - values[r * COLS + c])).isLessThanOrEqualTo(max / 254 * 1.0001f);
                }
            }
        }
        if (format == PackedMatrix.Format.Q8) { // a byte a weight (padding rows included), a float a row
            assertThat(m.bytes()).isEqualTo((long) m.panels * 16 * (COLS + 4));
        }
    }

    @ParameterizedTest
    @EnumSource(PackedMatrix.Format.class)
    void productsMatchADoublePrecisionProductAndDoNotDependOnTheOtherRows(PackedMatrix.Format format) {
        assertProductsMatch(pack(format), COLS, 9);
    }

    /**
     * A product over 29 rows (groups of 16 and 8 rows for the 512-bit kernels, one of 4 and a single row) matches a
     * double-precision product of the decoded rows, and each row alone gives the same bits.
     */
    static void assertProductsMatch(PackedMatrix m, int cols, long seed) {
        float[][] w = new float[ROWS][cols];
        for (int r = 0; r < ROWS; r++) {
            m.row(r, w[r], 0);
        }
        int stride = m.panels * PanelKernels.WIDTH;
        SplittableRandom random = new SplittableRandom(seed);
        int n = 29;
        float[] x = new float[n * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = new float[n * stride];
        m.multiply(x, 0, cols, n, y, 0, stride, false);
        for (int r = 0; r < n; r++) {
            float[] alone = new float[stride];
            m.multiply(x, r * cols, cols, 1, alone, 0, stride, false);
            for (int o = 0; o < ROWS; o++) {
                double expected = 0;
                double scale = 0;
                for (int c = 0; c < cols; c++) {
                    expected += (double) w[o][c] * x[r * cols + c];
                    scale += Math.abs((double) w[o][c] * x[r * cols + c]);
                }
                assertThat((double) y[r * stride + o]).isCloseTo(expected, within(1e-5 * scale));
                assertThat(alone[o]).as("row %d alone, output %d", r, o).isEqualTo(y[r * stride + o]);
            }
        }
    }

    /** Five panels: a single row runs the first four at a time (four-panel Q8 kernel) and the fifth alone. */
    @Test
    void aTallQ8MatrixGivesTheSameBitsFourPanelsAtATime() {
        PackedMatrix m = PackedMatrix.pack(files, List.of("f32", "f32"), PackedMatrix.Format.Q8);
        assertThat(m.panels).isEqualTo(5);
        assertProductsMatch(m, COLS, 13);
    }

    @Test
    void accumulatingAddsTheProductToWhatIsThere() {
        PackedMatrix m = pack(PackedMatrix.Format.F32);
        int stride = m.panels * PanelKernels.WIDTH;
        float[] x = new float[COLS];
        java.util.Arrays.fill(x, 0.5f);
        float[] product = new float[stride];
        m.multiply(x, 0, COLS, 1, product, 0, stride, false);
        float[] y = new float[stride];
        java.util.Arrays.fill(y, 3f);
        m.multiply(x, 0, COLS, 1, y, 0, stride, true);
        for (int o = 0; o < ROWS; o++) {
            assertThat(y[o]).isCloseTo(3f + product[o], within(1e-4f));
        }
    }

    @Test
    void anOddRowLengthPairsTheLastBf16InputWithPadding() {
        PackedMatrix m = PackedMatrix.pack(files, List.of("odd"), PackedMatrix.Format.BF16);
        float[] row = new float[ODD];
        for (int r = 0; r < ROWS; r++) {
            m.row(r, row, 0);
            for (int c = 0; c < ODD; c++) {
                assertThat(row[c]).as("row %d column %d", r, c).isEqualTo(values[r * ODD + c]);
            }
        }
        assertProductsMatch(m, ODD, 11);
    }
}
