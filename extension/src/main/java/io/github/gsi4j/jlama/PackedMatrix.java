package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.CHUNK;
import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import java.util.List;

import com.github.tjake.jlama.safetensors.DType;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight matrix (rows = outputs, columns = inputs) packed in panels of 16 output rows, k-major, in one
 * of four formats: F32, BF16 (inputs k and k + 1 of an output share one int, so decoding is a shift and a
 * mask; an odd last input is paired with zero), Q8 (8-bit values with one scale per output row, or, for a
 * model Jlama quantized, one per block of 32 inputs of a row) and Jlama's Q4 block quantization (blocks of 32
 * inputs of one row share a scale). Java arrays on the heap (the Vector API reads them without the
 * foreign-memory API, which is a preview in Java 21). Products decode a chunk of a panel into F32 once and run
 * {@link PanelKernels} over all rows of the input with it (BF16 is widened in registers, and so is Q8 for one to
 * three rows, with the same bits). Decoding is exact, so a product's result is that of the dequantized matrix; Q8
 * products sum the stored integers times the inputs and scale the sum (per span of 256 inputs with a scale a row,
 * per block of 32 with a scale a block) rather than each weight: the same product, rounded in a different place.
 */
final class PackedMatrix {

    /** How the values are stored. */
    enum Format {
        F32(16),
        BF16(8),
        Q8(16),
        Q4(8);

        /** Array elements per input step of one panel: floats, ints (half of them: a pair of BF16 inputs) or bytes. */
        final int perStep;

        Format(int perStep) {
            this.perStep = perStep;
        }

        boolean quantized() {
            return this == Q8 || this == Q4;
        }
    }

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_128;
    private static final IntVector HIGH_HALF = IntVector.broadcast(I, 0xFFFF0000);
    private static final int BLOCK = SafetensorsFiles.BLOCK;
    /** How far ahead of the chunk being multiplied {@link #touch} reads: four BF16 chunks. */
    private static final int AHEAD = 16 << 10;
    /** Inputs a single-row Q8 product takes at a time: a 4 KiB page of a panel. */
    private static final int Q8_CHUNK = 256;

    final Format format;
    /** Output rows (the last panel is padded with zero rows). */
    final int rows;
    /** Input columns. */
    final int columns;
    final int panels;
    /** Input steps a panel holds: the columns, rounded up to a pair for BF16. */
    private final int span;
    /** Q8 with one scale per output row (rather than one per block of 32 inputs of a row). */
    private final boolean rowScales;
    private final float[] f32;
    private final int[] bf16;
    private final byte[] q;
    private final float[] scales;
    /** Where {@link #touch} leaves what it read, on the rare call whose value makes the JIT keep the reads. */
    @SuppressWarnings("unused")
    private int touched;

    private PackedMatrix(Format format, int rows, int columns, boolean rowScales) {
        if (format.quantized() && columns % BLOCK != 0) {
            throw new IllegalArgumentException(format + " needs rows of a multiple of " + BLOCK + " values, not "
                    + columns);
        }
        this.format = format;
        this.rows = rows;
        this.columns = columns;
        this.panels = (rows + WIDTH - 1) / WIDTH;
        this.span = format == Format.BF16 ? columns + (columns & 1) : columns;
        this.rowScales = rowScales;
        long elements = (long) panels * span * format.perStep;
        if (elements > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a " + rows + " x " + columns + " matrix is too large for one array");
        }
        this.f32 = format == Format.F32 ? new float[(int) elements] : null;
        this.bf16 = format == Format.BF16 ? new int[(int) elements] : null;
        this.q = format.quantized() ? new byte[(int) elements] : null;
        this.scales = format.quantized() ? new float[panels * (rowScales ? 1 : columns / BLOCK) * WIDTH] : null;
    }

    /** The bytes this matrix holds. */
    long bytes() {
        long values = f32 != null ? 4L * f32.length : bf16 != null ? 4L * bf16.length : q.length;
        return values + (scales == null ? 0 : 4L * scales.length);
    }

    /**
     * Packs the rows of {@code tensors}, one after the other, into one matrix of {@code format}: exact for
     * the tensor's own format; otherwise Q8 with a scale per output row ({@link MatrixWriter}) or Jlama's Q4
     * block quantization. I8 and Q4 tensors (a model Jlama quantized) are copied as they are, block scales
     * included, when the format matches.
     */
    static PackedMatrix pack(SafetensorsFiles files, List<String> tensors, Format format) {
        int columns = files.columns(tensors.get(0));
        int rows = 0;
        for (String t : tensors) {
            if (files.columns(t) != columns) {
                throw new IllegalArgumentException("tensors " + tensors + " differ in their row length");
            }
            rows += files.rows(t);
        }
        boolean rowScales = format == Format.Q8 && files.dtype(tensors.get(0)) != DType.I8;
        PackedMatrix m = new PackedMatrix(format, rows, columns, rowScales);
        MatrixWriter writer = new MatrixWriter(m);
        int row = 0;
        for (String t : tensors) {
            int n = files.rows(t);
            // about 256 KiB of F32 a read: below G1's humongous-object size, so packing leaves little garbage and
            // the heap does not grow past the packed weights while loading
            int step = Math.max(1, (1 << 16) / Math.max(1, columns));
            for (int from = 0; from < n; from += step) {
                int count = Math.min(step, n - from);
                writer.write(files, t, from, count, row + from);
            }
            row += n;
        }
        return m;
    }

    /** Index in the value array of input {@code k} of panel {@code p} (for BF16: of its pair, k even). */
    int offset(int p, int k) {
        return (p * span + k) * format.perStep;
    }

    /** Index in {@link #scales()} of the scales of block {@code b} (of 32 inputs) of panel {@code p}. */
    int scaleOffset(int p, int b) {
        return rowScales ? p * WIDTH : (p * (columns / BLOCK) + b) * WIDTH;
    }

    /** How far the scales move from one block of 32 inputs to the next: none when each row has one scale. */
    int scaleStep() {
        return rowScales ? 0 : WIDTH;
    }

    /** Whether each output row has one scale (Q8 quantized on load) rather than one per block of 32 inputs. */
    boolean rowScales() {
        return rowScales;
    }

    float[] f32() {
        return f32;
    }

    int[] bf16() {
        return bf16;
    }

    byte[] q() {
        return q;
    }

    float[] scales() {
        return scales;
    }

    /**
     * {@code y[yOffset + r·yStride + o] (+)= Σ_k x[xOffset + r·xStride + k] · W[o][k]} for every output o
     * (padding included: y needs room for {@code panels × 16} outputs) and r < rowsOfX, spread over the decoder's
     * worker threads by panel.
     *
     * @param accumulate add the product to y (the residual stream) instead of overwriting it
     */
    void multiply(float[] x, int xOffset, int xStride, int rowsOfX, float[] y, int yOffset, int yStride,
            boolean accumulate) {
        int tasks = Math.min(panels, 4 * Runtime.getRuntime().availableProcessors());
        if (tasks <= 1 || (long) rowsOfX * panels * columns < 1 << 16) {
            multiply(x, xOffset, xStride, rowsOfX, y, yOffset, yStride, accumulate, 0, panels);
            return;
        }
        Workers.run(tasks, t -> multiply(x, xOffset, xStride, rowsOfX, y, yOffset, yStride, accumulate,
                panels * t / tasks, panels * (t + 1) / tasks));
    }

    /** The product for panels {@code [from, to)} on the calling thread. */
    void multiply(float[] x, int xOffset, int xStride, int rowsOfX, float[] y, int yOffset, int yStride,
            boolean accumulate, int from, int to) {
        if (format == Format.Q8 && rowsOfX < 4) {
            // a row or two (a single sequence): decoding in registers beats writing a chunk and reading it back;
            // four panels at a time (or two), so that independent chains of FMAs hide their latency, a page of each
            // at a time, each page read ahead (see touch)
            int ahead = 0;
            int qStride = offset(1, 0);
            int sStride = scaleOffset(1, 0);
            for (int p = from; p < to;) {
                int group = p + 4 <= to ? 4 : p + 2 <= to ? 2 : 1;
                for (int k0 = 0; k0 < columns; k0 += Q8_CHUNK) {
                    int kn = Math.min(Q8_CHUNK, columns - k0);
                    ahead |= touch(p, k0) | touch(Math.min(p + group - 1, panels - 1), k0);
                    boolean acc = accumulate || k0 > 0;
                    int sa = scaleOffset(p, k0 / BLOCK);
                    for (int r = 0; r < rowsOfX; r++) {
                        int xo = xOffset + r * xStride + k0;
                        int yo = yOffset + r * yStride + p * WIDTH;
                        if (group == 4) {
                            PanelKernels.multiplyQ8FourPanels(q, offset(p, k0), qStride, scales, sa, sStride,
                                    scaleStep(), kn, x, xo, y, yo, acc);
                        } else if (group == 2) {
                            PanelKernels.multiplyQ8TwoPanels(q, offset(p, k0), offset(p + 1, k0), scales, sa,
                                    scaleOffset(p + 1, k0 / BLOCK), scaleStep(), kn, x, xo, y, yo, yo + WIDTH, acc);
                        } else {
                            PanelKernels.multiplyQ8Row(q, offset(p, k0), scales, sa, scaleStep(), kn, x, xo, y, yo,
                                    acc);
                        }
                    }
                }
                p += group;
            }
            keep(ahead);
            return;
        }
        int ahead = 0;
        if (format == Format.BF16) {
            // two panels at a time: groups of 8 rows share each broadcast input between the panels (512-bit
            // kernels), and a few rows left over run two chains of FMAs, one a panel, to hide their latency
            for (int p = from; p < to; p += 2) {
                boolean two = p + 1 < to;
                for (int k0 = 0; k0 < columns; k0 += CHUNK) {
                    int kn = Math.min(CHUNK, columns - k0);
                    ahead |= touch(p, k0) | touch(Math.min(p + 1, panels - 1), k0);
                    boolean acc = accumulate || k0 > 0;
                    int r = 0;
                    if (two && PanelKernels.WIDE) {
                        for (; r + 8 <= rowsOfX; r += 8) {
                            int yo = yOffset + r * yStride + p * WIDTH;
                            PanelKernels.multiplyBf16TwoPanels8(bf16, offset(p, k0), offset(p + 1, k0), kn, x,
                                    xOffset + r * xStride + k0, xStride, y, yo, yo + WIDTH, yStride, acc);
                        }
                    }
                    if (two && rowsOfX - r < 4) {
                        for (; r < rowsOfX; r++) {
                            int yo = yOffset + r * yStride + p * WIDTH;
                            PanelKernels.multiplyBf16TwoPanels(bf16, offset(p, k0), offset(p + 1, k0), kn, x,
                                    xOffset + r * xStride + k0, y, yo, yo + WIDTH, acc);
                        }
                    }
                    for (int q = p; r < rowsOfX && q < (two ? p + 2 : p + 1); q++) {
                        PanelKernels.multiplyBf16(bf16, offset(q, k0), kn, x, xOffset + r * xStride + k0, xStride,
                                rowsOfX - r, y, yOffset + r * yStride + q * WIDTH, yStride, acc);
                    }
                }
            }
            keep(ahead);
            return;
        }
        float[] chunk = new float[CHUNK * WIDTH];
        if (format == Format.Q8) {
            // the single-row kernels' operations in their order: the stored values of each unit of inputs (a span of
            // Q8_CHUNK with a scale a row, a block of 32 with a scale a block) summed from zero, then added to y
            // times the unit's scales; so a row gives the same bits alone and in a batch. A span is summed over
            // chunks of CHUNK: decoded whole, it would crowd the inputs out of the L1 cache
            int unit = rowScales ? Q8_CHUNK : BLOCK;
            int step = Math.min(unit, CHUNK);
            float[] sums = new float[rowsOfX * WIDTH];
            for (int p = from; p < to; p++) {
                for (int k0 = 0; k0 < columns; k0 += CHUNK) {
                    int kn = Math.min(CHUNK, columns - k0);
                    ahead |= touch(p, k0);
                    decodeQ8Values(p, k0, kn, chunk);
                    for (int b = 0; b < kn; b += step) {
                        int k = k0 + b;
                        int end = k + Math.min(step, kn - b);
                        PanelKernels.multiplyPanel(chunk, b * WIDTH, end - k, x, xOffset + k, xStride, rowsOfX, sums,
                                0, WIDTH, k % unit != 0);
                        if (end % unit == 0 || end == columns) {
                            addScaled(sums, rowsOfX, scaleOffset(p, k / BLOCK), y, yOffset + p * WIDTH, yStride,
                                    accumulate || end > unit);
                        }
                    }
                }
            }
            keep(ahead);
            return;
        }
        for (int p = from; p < to; p++) {
            for (int k0 = 0; k0 < columns; k0 += CHUNK) {
                int kn = Math.min(CHUNK, columns - k0);
                ahead |= touch(p, k0);
                decode(p, k0, kn, chunk);
                PanelKernels.multiplyPanel(chunk, 0, kn, x, xOffset + k0, xStride, rowsOfX, y, yOffset + p * WIDTH,
                        yStride, accumulate || k0 > 0);
            }
        }
        keep(ahead);
    }

    /**
     * Reads one value {@value #AHEAD} bytes past input {@code k0} of panel p (or the last one): a read the
     * products do not wait on, which brings that page's translation and the hardware prefetcher's stream in
     * early. The prefetchers stop at each 4 KiB page, and a BF16 chunk is one page, so without it every chunk
     * starts with a miss to memory: on the project's machine the 16-row BF16 product streams 75-90 GFLOP/s
     * without it and 95-110 with it.
     */
    private int touch(int p, int k0) {
        int at = offset(p, k0);
        return switch (format) {
            case F32 -> Float.floatToRawIntBits(f32[Math.min(at + AHEAD / 4, f32.length - 1)]);
            case BF16 -> bf16[Math.min(at + AHEAD / 4, bf16.length - 1)];
            case Q8, Q4 -> q[Math.min(at + AHEAD, q.length - 1)];
        };
    }

    /** Uses what {@link #touch} read, so that the JIT keeps the reads; the store itself almost never runs. */
    private void keep(int ahead) {
        if (ahead == 0x5EED_1E55) {
            touched = ahead;
        }
    }

    /** {@code y[yOffset + r·yStride + j] = sums[r·16 + j] · scale[j] (+ y[…])}, one rounding (an FMA), r < rows. */
    private void addScaled(float[] sums, int rows, int s, float[] y, int yOffset, int yStride, boolean accumulate) {
        FloatVector s0 = FloatVector.fromArray(F, scales, s);
        FloatVector s1 = FloatVector.fromArray(F, scales, s + 8);
        for (int r = 0; r < rows; r++) {
            int at = yOffset + r * yStride;
            FloatVector y0 = accumulate ? FloatVector.fromArray(F, y, at) : FloatVector.zero(F);
            FloatVector y1 = accumulate ? FloatVector.fromArray(F, y, at + 8) : FloatVector.zero(F);
            FloatVector.fromArray(F, sums, r * WIDTH).fma(s0, y0).intoArray(y, at);
            FloatVector.fromArray(F, sums, r * WIDTH + 8).fma(s1, y1).intoArray(y, at + 8);
        }
    }

    /** Q8 inputs {@code [k0, k0 + kn)} of panel p as stored (integers, not yet scaled), as {@link #decode} lays them out. */
    private void decodeQ8Values(int p, int k0, int kn, float[] out) {
        int base = offset(p, k0);
        for (int k = 0; k < kn; k++) {
            ByteVector v = ByteVector.fromArray(B, q, base + k * WIDTH);
            ((FloatVector) v.convertShape(VectorOperators.B2F, F, 0)).intoArray(out, k * WIDTH);
            ((FloatVector) v.convertShape(VectorOperators.B2F, F, 1)).intoArray(out, k * WIDTH + 8);
        }
    }

    /** Decodes inputs {@code [k0, k0 + kn)} of panel p into {@code out[(k − k0)·16 + j]}. */
    void decode(int p, int k0, int kn, float[] out) {
        int base = offset(p, k0);
        switch (format) {
            case F32 -> System.arraycopy(f32, base, out, 0, kn * WIDTH);
            case BF16 -> { // k0 is even: pairs of inputs, the last one alone when kn is odd
                for (int k = 0; k < kn; k += 2) {
                    for (int h = 0; h < WIDTH; h += 8) {
                        IntVector v = IntVector.fromArray(I, bf16, base + 8 * k + h);
                        v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, k * WIDTH + h);
                        if (k + 1 < kn) {
                            v.and(HIGH_HALF).reinterpretAsFloats().intoArray(out, (k + 1) * WIDTH + h);
                        }
                    }
                }
            }
            case Q8 -> {
                for (int k = 0; k < kn; k += BLOCK) {
                    int s = scaleOffset(p, (k0 + k) / BLOCK);
                    FloatVector s0 = FloatVector.fromArray(F, scales, s);
                    FloatVector s1 = FloatVector.fromArray(F, scales, s + 8);
                    for (int i = 0; i < BLOCK; i++) {
                        ByteVector v = ByteVector.fromArray(B, q, base + (k + i) * WIDTH);
                        int o = (k + i) * WIDTH;
                        ((FloatVector) v.convertShape(VectorOperators.B2F, F, 0)).mul(s0).intoArray(out, o);
                        ((FloatVector) v.convertShape(VectorOperators.B2F, F, 1)).mul(s1).intoArray(out, o + 8);
                    }
                }
            }
            case Q4 -> {
                for (int k = 0; k < kn; k += BLOCK) {
                    int s = scaleOffset(p, (k0 + k) / BLOCK);
                    FloatVector s0 = FloatVector.fromArray(F, scales, s);
                    FloatVector s1 = FloatVector.fromArray(F, scales, s + 8);
                    int block = base + k * 8; // 8 bytes per input step: 256 bytes per block of 32
                    for (int i = 0; i < BLOCK / 2; i++) {
                        ByteVector v = ByteVector.fromArray(B, q, block + 16 * i);
                        ByteVector low = v.and((byte) 0x0F).sub((byte) 8);
                        ByteVector high = v.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
                        int o = (k + i) * WIDTH;
                        int o2 = (k + i + BLOCK / 2) * WIDTH;
                        ((FloatVector) low.convertShape(VectorOperators.B2F, F, 0)).mul(s0).intoArray(out, o);
                        ((FloatVector) low.convertShape(VectorOperators.B2F, F, 1)).mul(s1).intoArray(out, o + 8);
                        ((FloatVector) high.convertShape(VectorOperators.B2F, F, 0)).mul(s0).intoArray(out, o2);
                        ((FloatVector) high.convertShape(VectorOperators.B2F, F, 1)).mul(s1).intoArray(out, o2 + 8);
                    }
                }
            }
            default -> throw new IllegalStateException(format.name());
        }
    }

    /** Row {@code o} (one output's weights), decoded, into {@code out[offset..offset + columns)}. */
    void row(int o, float[] out, int offset) {
        int p = o / WIDTH;
        int j = o % WIDTH;
        float[] chunk = new float[CHUNK * WIDTH];
        for (int k0 = 0; k0 < columns; k0 += CHUNK) {
            int kn = Math.min(CHUNK, columns - k0);
            decode(p, k0, kn, chunk);
            for (int k = 0; k < kn; k++) {
                out[offset + k0 + k] = chunk[k * WIDTH + j];
            }
        }
    }
}
