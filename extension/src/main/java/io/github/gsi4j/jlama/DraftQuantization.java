package io.github.gsi4j.jlama;

/**
 * How the batched decoder holds a model's weights in memory. A model folder already quantized by Jlama
 * (I8 or Q4 tensors) is used as it is with {@link #NONE} or its own format.
 */
public enum DraftQuantization {
    /** The weights as stored (BF16 stays BF16, F32 and F16 become F32). */
    NONE,
    /**
     * 8-bit values with one F32 scale per output row (per-channel weight-only quantization: about 1.0 byte a
     * weight, half of BF16). A folder Jlama quantized as I8 (one scale per block of 32) is read as it is.
     */
    Q8,
    /** Jlama's Q4: 4-bit values, one F32 scale per block of 32 (about 0.6 bytes a weight). */
    Q4
}
