package io.github.gsi4j.tokenizer;

/**
 * The BPE merges as an open-addressing hash table from a pair of token ids to the merge's rank and the
 * merged token's id, without boxing.
 */
final class PairRanks {

    private static final long EMPTY = -1L;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    PairRanks(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        java.util.Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** Adds a merge unless the pair already has one (the first, lowest rank, wins). */
    void putIfAbsent(int left, int right, int rank, int merged) {
        long k = key(left, right);
        int s = slot(k);
        while (keys[s] != EMPTY) {
            if (keys[s] == k) {
                return;
            }
            s = (s + 1) & mask;
        }
        keys[s] = k;
        values[s] = ((long) rank << 32) | (merged & 0xffffffffL);
        size++;
    }

    /** {@code rank << 32 | mergedId} of the pair's merge, or -1 when the pair does not merge. */
    long get(int left, int right) {
        long k = key(left, right);
        int s = slot(k);
        while (keys[s] != EMPTY) {
            if (keys[s] == k) {
                return values[s];
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    int size() {
        return size;
    }
}
