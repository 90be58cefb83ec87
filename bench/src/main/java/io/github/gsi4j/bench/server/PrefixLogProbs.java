package io.github.gsi4j.bench.server;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

import io.github.gsi4j.jlama.JlamaModel;

/**
 * Per-token log-probabilities of token sequences, reusing those of the longest prefix scored before (a
 * token's value depends only on the tokens before it). A small LRU of sequences.
 */
final class PrefixLogProbs {
    private final JlamaModel model;
    private final int capacity;
    private final LinkedHashMap<List<Integer>, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(int[] tokens, double[] logProbs) {
    }

    PrefixLogProbs(JlamaModel model, int capacity) {
        this.model = model;
        this.capacity = capacity;
    }

    /** Position t holds log p(tokens[t] | tokens[0..t)); position 0 is 0. */
    synchronized double[] of(int[] tokens) {
        Entry best = null;
        int common = 1; // the first token is never scored
        for (Entry e : entries.values()) {
            int c = Arrays.mismatch(e.tokens, tokens);
            c = c < 0 ? tokens.length : Math.min(c, Math.min(e.tokens.length, tokens.length));
            if (c > common) {
                common = c;
                best = e;
            }
        }
        double[] out = new double[tokens.length];
        if (best != null) {
            System.arraycopy(best.logProbs, 0, out, 0, common);
        }
        if (common < tokens.length) {
            double[] rest = model.tokenLogProbs(Arrays.copyOf(tokens, common),
                    List.of(Arrays.copyOfRange(tokens, common, tokens.length))).get(0);
            System.arraycopy(rest, 0, out, common, rest.length);
        }
        entries.put(Arrays.stream(tokens).boxed().toList(), new Entry(tokens.clone(), out));
        if (entries.size() > capacity) {
            entries.remove(entries.keySet().iterator().next());
        }
        return out;
    }
}
