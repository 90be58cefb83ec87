package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import java.util.function.IntUnaryOperator;

import com.github.tjake.jlama.safetensors.DType;

/**
 * Writes tensor rows into a {@link PackedMatrix}'s layout, quantizing when the matrix is quantized and the
 * tensor is not: Q8 keeps round(x · 127 / max|x|) with the scale max|x| / 127, max taken over the whole output
 * row (per-channel weight-only 8-bit: about 1.0 byte a weight, against Jlama's 1.125 with a scale per block of
 * 32); Q4 is Jlama's block scheme, min(15, ⌊x / s + 8.5⌋) with s = (the block's value of largest magnitude)
 * / −8, read back as (q − 8) · s. Tensors already in the matrix's quantized format (a model Jlama quantized)
 * are copied bit for bit, with their block scales.
 */
final class MatrixWriter {

    private static final int BLOCK = SafetensorsFiles.BLOCK;

    private final PackedMatrix m;
    private final byte[] q;
    private final float[] scales;

    MatrixWriter(PackedMatrix m) {
        this.m = m;
        this.q = m.q();
        this.scales = m.scales();
    }

    /** Rows {@code [from, from + count)} of {@code tensor} become rows {@code [at, at + count)}. */
    void write(SafetensorsFiles files, String tensor, int from, int count, int at) {
        DType stored = files.dtype(tensor);
        int cols = m.columns;
        if (m.format == PackedMatrix.Format.Q8 && stored == DType.I8) {
            byte[] raw = new byte[count * cols];
            files.rawRows(tensor, from, count, raw);
            float[] s = files.scales(tensor, from, count);
            for (int r = 0; r < count; r++) {
                for (int k = 0; k < cols; k++) {
                    putQ8(at + r, k, raw[r * cols + k]);
                }
                for (int b = 0; b < cols / BLOCK; b++) {
                    putScale(at + r, b, s[r * cols / BLOCK + b]);
                }
            }
            return;
        }
        if (m.format == PackedMatrix.Format.Q4 && stored == DType.Q4) {
            byte[] raw = new byte[count * cols / 2];
            files.rawRows(tensor, from, count, raw);
            float[] s = files.scales(tensor, from, count);
            for (int r = 0; r < count; r++) {
                for (int b = 0; b < cols / BLOCK; b++) {
                    for (int i = 0; i < BLOCK / 2; i++) {
                        q[q4Offset(at + r, b, i)] = raw[(r * cols + b * BLOCK) / 2 + i];
                    }
                    putScale(at + r, b, s[r * cols / BLOCK + b]);
                }
            }
            return;
        }
        if (m.format == PackedMatrix.Format.BF16 && stored == DType.BF16) {
            byte[] raw = new byte[count * cols * 2];
            files.rawRows(tensor, from, count, raw);
            for (int r = 0; r < count; r++) {
                int src = 2 * r * cols;
                putBf16(at + r, k -> (raw[src + 2 * k] & 0xFF) | (raw[src + 2 * k + 1] & 0xFF) << 8);
            }
            return;
        }
        if ((m.format == PackedMatrix.Format.Q8 || m.format == PackedMatrix.Format.Q4)
                && (stored == DType.I8 || stored == DType.Q4)) {
            throw new IllegalArgumentException("tensor " + tensor + " is already quantized as " + stored
                    + " and cannot be re-quantized as " + m.format);
        }
        float[] values = new float[count * cols];
        files.readRows(tensor, from, count, values);
        for (int r = 0; r < count; r++) {
            writeRow(at + r, values, r * cols);
        }
    }

    private void writeRow(int row, float[] v, int offset) {
        int cols = m.columns;
        switch (m.format) {
            case F32 -> {
                float[] f = m.f32();
                for (int k = 0; k < cols; k++) {
                    f[m.offset(row / WIDTH, k) + row % WIDTH] = v[offset + k];
                }
            }
            case BF16 -> putBf16(row, k -> bf16(v[offset + k]) & 0xFFFF);
            case Q8 -> { // one scale per output row (only a model Jlama quantized has block scales, copied above)
                float max = Float.MIN_VALUE;
                for (int k = 0; k < cols; k++) {
                    max = Math.max(max, Math.abs(v[offset + k]));
                }
                float inverse = 127f / max;
                putScale(row, 0, inverse != 0 ? 1 / inverse : 0);
                for (int k = 0; k < cols; k++) {
                    putQ8(row, k, (byte) Math.round(v[offset + k] * inverse));
                }
            }
            case Q4 -> {
                for (int b = 0; b < cols / BLOCK; b++) {
                    float max = Float.MIN_VALUE;
                    float largest = Float.MIN_VALUE;
                    for (int i = 0; i < BLOCK; i++) {
                        float x = v[offset + b * BLOCK + i];
                        if (Math.abs(x) > largest) {
                            largest = Math.abs(x);
                            max = x;
                        }
                    }
                    float scale = max / -8f;
                    float inverse = scale != 0 ? 1 / scale : 0;
                    putScale(row, b, scale);
                    for (int i = 0; i < BLOCK / 2; i++) {
                        int low = Math.min(15, (int) (v[offset + b * BLOCK + i] * inverse + 8.5f));
                        int high = Math.min(15, (int) (v[offset + b * BLOCK + i + BLOCK / 2] * inverse + 8.5f));
                        q[q4Offset(row, b, i)] = (byte) (low | high << 4);
                    }
                }
            }
            default -> throw new IllegalStateException(m.format.name());
        }
    }

    /** BF16 bits of a value that came from BF16 (exact), rounded to nearest even otherwise. */
    static short bf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /**
     * Row {@code row}'s BF16 values ({@code bits.applyAsInt(k)}, 16 bits each) by pairs of inputs: input k in
     * the low half of its int, k + 1 in the high half, zero after an odd last input.
     */
    private void putBf16(int row, IntUnaryOperator bits) {
        int[] b = m.bf16();
        int cols = m.columns;
        for (int k = 0; k < cols; k += 2) {
            b[m.offset(row / WIDTH, k) + row % WIDTH] = bits.applyAsInt(k) | (k + 1 < cols ? bits.applyAsInt(k + 1) << 16 : 0);
        }
    }

    private void putQ8(int row, int k, byte value) {
        q[m.offset(row / WIDTH, k) + row % WIDTH] = value;
    }

    private int q4Offset(int row, int block, int i) {
        return m.offset(row / WIDTH, block * BLOCK) + 16 * i + row % WIDTH;
    }

    private void putScale(int row, int block, float scale) {
        scales[m.scaleOffset(row / WIDTH, block) + row % WIDTH] = scale;
    }
}
