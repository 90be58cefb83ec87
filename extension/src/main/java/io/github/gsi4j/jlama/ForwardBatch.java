package io.github.gsi4j.jlama;

/**
 * The rows of one forward pass: a token at a position each, reading a cache shared by all rows (the
 * prompt) and, optionally, a cache of its own (a candidate's tokens after the prompt). A row with its own
 * cache writes its key and value there and sees the shared cache's first {@code sharedVisible} positions
 * plus its own positions up to its own; a row without one (prefill) writes into the shared cache and sees
 * the shared positions up to its own.
 */
final class ForwardBatch {

    final int rows;
    final int[] tokens;
    final int[] positions;
    final KvCache shared;
    final int[] sharedVisible;
    final KvCache[] own;

    private ForwardBatch(int[] tokens, int[] positions, KvCache shared, int[] sharedVisible, KvCache[] own) {
        this.rows = tokens.length;
        this.tokens = tokens;
        this.positions = positions;
        this.shared = shared;
        this.sharedVisible = sharedVisible;
        this.own = own;
    }

    /** Tokens at consecutive positions from {@code start}, written into and read from {@code cache}. */
    static ForwardBatch prefill(int[] tokens, int start, KvCache cache) {
        int[] positions = new int[tokens.length];
        int[] visible = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            positions[i] = start + i;
            visible[i] = start + i + 1;
        }
        return new ForwardBatch(tokens, positions, cache, visible, new KvCache[tokens.length]);
    }

    /**
     * Rows each continuing {@code prefix}'s first {@code prefixLength} positions with its own cache: row r is
     * token {@code tokens[r]} at {@code positions[r]}, in {@code own[r]} (base {@code prefixLength}).
     */
    static ForwardBatch continuing(int[] tokens, int[] positions, KvCache prefix, int prefixLength, KvCache[] own) {
        int[] visible = new int[tokens.length];
        java.util.Arrays.fill(visible, prefixLength);
        return new ForwardBatch(tokens, positions, prefix, visible, own);
    }

    /** The cache row r writes to. */
    KvCache target(int r) {
        return own[r] != null ? own[r] : shared;
    }

    /** How many of row r's own positions it sees (its own included); 0 without an own cache. */
    int ownVisible(int r) {
        return own[r] == null ? 0 : positions[r] - own[r].base() + 1;
    }
}
