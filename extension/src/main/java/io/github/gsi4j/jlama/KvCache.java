package io.github.gsi4j.jlama;

import static io.github.gsi4j.jlama.PanelKernels.WIDTH;

import java.util.Arrays;

/**
 * The keys and values of a run of positions {@code [base, base + length)} of one sequence, for every layer,
 * laid out for {@link PanelKernels}: keys per KV head transposed ({@code keys[(g·headDim + d)·capacity + s]}),
 * so 16 consecutive positions form a panel of the score product q·Kᵀ; values position-major
 * ({@code values[s·kvDim + g·headDim + d]}), so 16 consecutive dimensions form a panel of the product p·V.
 * The shared prefix of a call is one cache with base 0; each candidate's own positions after it are another,
 * with base |prefix|. Heap arrays that grow by doubling; not thread-safe.
 */
final class KvCache implements AutoCloseable {

    private final int layers;
    private final int kvDim;
    private int base;
    private int length;
    private int capacity;
    private float[][] keys;
    private float[][] values;

    KvCache(int layers, int kvDim, int base, int capacity) {
        this.layers = layers;
        this.kvDim = kvDim;
        this.base = base;
        this.capacity = roundUp(Math.max(capacity, WIDTH));
        this.keys = new float[layers][kvDim * this.capacity];
        this.values = new float[layers][kvDim * this.capacity];
    }

    private static int roundUp(int n) {
        return (n + WIDTH - 1) / WIDTH * WIDTH;
    }

    /** The first position held. */
    int base() {
        return base;
    }

    /** How many positions from {@link #base()} hold valid keys and values. */
    int length() {
        return length;
    }

    int capacity() {
        return capacity;
    }

    /** Forgets the positions from {@code base + newLength} on. */
    void truncate(int newLength) {
        length = Math.min(length, newLength);
    }

    /** Empties the cache and moves its first position to {@code newBase}. */
    void reset(int newBase) {
        base = newBase;
        length = 0;
    }

    /** Marks positions up to {@code base + newLength} as valid (their keys and values written). */
    void setLength(int newLength) {
        length = newLength;
    }

    /** Makes room for positions up to {@code base + positions} (exclusive). */
    void ensureCapacity(int positions) {
        if (positions <= capacity) {
            return;
        }
        int grown = roundUp(Math.max(positions, 2 * capacity));
        for (int l = 0; l < layers; l++) {
            float[] k = new float[kvDim * grown];
            for (int row = 0; row < kvDim; row++) {
                System.arraycopy(keys[l], row * capacity, k, row * grown, capacity);
            }
            keys[l] = k;
            values[l] = Arrays.copyOf(values[l], kvDim * grown);
        }
        capacity = grown;
    }

    /** Stores the key and value vectors of {@code position} for {@code layer} (capacity already ensured). */
    void put(int layer, int position, float[] src, int keyOffset, int valueOffset) {
        int s = position - base;
        float[] k = keys[layer];
        for (int i = 0; i < kvDim; i++) {
            k[i * capacity + s] = src[keyOffset + i];
        }
        System.arraycopy(src, valueOffset, values[layer], s * kvDim, kvDim);
    }

    /** The transposed keys of a layer (see the class comment); valid until the next growth. */
    float[] keys(int layer) {
        return keys[layer];
    }

    /** The values of a layer (see the class comment); valid until the next growth. */
    float[] values(int layer) {
        return values[layer];
    }

    /** Bytes held. */
    long bytes() {
        return 8L * layers * kvDim * capacity;
    }

    @Override
    public void close() {
        // heap arrays: nothing to release; present so the cache fits KvSessions
    }
}
